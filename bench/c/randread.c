/* Random 4 KiB reads of FILE, DEPTH in flight, one thread, for SECONDS, with liburing.
 * Usage: randread FILE DEPTH SECONDS. Prints: reads_per_second, then the user and the kernel CPU time per operation in ns */
#include <liburing.h>
#include "measure.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long long rng = 88172645463325252ull;
static unsigned long long next_random(void) {
	rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
	return rng;
}

int main(int argc, char **argv) {
	if (argc < 4) { fprintf(stderr, "usage: randread FILE DEPTH SECONDS\n"); return 2; }
	int depth = atoi(argv[2]);
	double seconds = atof(argv[3]);
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) { perror("open"); return 1; }
	struct stat st;
	fstat(fd, &st);
	unsigned long long blocks = st.st_size / 4096;
	struct io_uring ring;
	unsigned flags = argc > 4 ? strtoul(argv[4], 0, 0) : 0;
	int ret = io_uring_queue_init(depth * 2, &ring, flags);
	if (ret < 0) { fprintf(stderr, "io_uring_queue_init: %d\n", ret); return 1; }
	char *bufs;
	if (posix_memalign((void **)&bufs, 4096, (size_t)depth * 4096)) return 1;
	for (int i = 0; i < depth; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, fd, bufs + (size_t)i * 4096, 4096, (next_random() % blocks) * 4096);
		io_uring_sqe_set_data64(sqe, i);
	}
	unsigned long long done = 0;
	double user0, kernel0, user1, kernel1;
	cpu(&user0, &kernel0);
	double start = now(), end = start + seconds, t = start;
	while (t < end) {
		for (int k = 0; k < 256; k++) {
			io_uring_submit_and_wait(&ring, 1);
			struct io_uring_cqe *cqe;
			unsigned head, n = 0;
			io_uring_for_each_cqe(&ring, head, cqe) {
				if (cqe->res != 4096) { fprintf(stderr, "read: %d\n", cqe->res); return 1; }
				unsigned i = (unsigned)cqe->user_data;
				struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
				io_uring_prep_read(sqe, fd, bufs + (size_t)i * 4096, 4096, (next_random() % blocks) * 4096);
				io_uring_sqe_set_data64(sqe, i);
				n++;
			}
			io_uring_cq_advance(&ring, n);
			done += n;
		}
		t = now();
	}
	cpu(&user1, &kernel1);
	printf("%.0f %.1f %.1f\n", done / (t - start), (user1 - user0) * 1e9 / done, (kernel1 - kernel0) * 1e9 / done);
	io_uring_queue_exit(&ring);
	return 0;
}
