/* NOPs in batches of 32 with liburing: get_sqe + prep_nop + set_data64 per NOP, one submit per batch, reap with
 * io_uring_for_each_cqe (reading res and user_data) and io_uring_cq_advance.
 * Usage: nop SECONDS. Prints: ops_per_second, then the user and the kernel CPU time per operation in ns */
#include <liburing.h>
#include "measure.h"
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	struct io_uring ring;
	int ret = io_uring_queue_init(64, &ring, 0);
	if (ret < 0) { fprintf(stderr, "io_uring_queue_init: %d\n", ret); return 1; }
	unsigned long long done = 0, sum = 0;
	double user0, kernel0, user1, kernel1;
	cpu(&user0, &kernel0);
	double start = now(), end = start + seconds, t = start;
	while (t < end) {
		for (int k = 0; k < 1000; k++) {
			for (int i = 0; i < 32; i++) {
				struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
				io_uring_prep_nop(sqe);
				io_uring_sqe_set_data64(sqe, i);
			}
			io_uring_submit(&ring);
			struct io_uring_cqe *cqe;
			unsigned head, n = 0;
			io_uring_for_each_cqe(&ring, head, cqe) {
				sum += cqe->res + cqe->user_data;
				n++;
			}
			io_uring_cq_advance(&ring, n);
			done += n;
		}
		t = now();
	}
	if (sum != done / 32 * 496) { fprintf(stderr, "unexpected CQE contents\n"); return 1; }
	cpu(&user1, &kernel1);
	printf("%.0f %.1f %.1f\n", done / (t - start), (user1 - user0) * 1e9 / done, (kernel1 - kernel0) * 1e9 / done);
	io_uring_queue_exit(&ring);
	return 0;
}
