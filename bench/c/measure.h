/* What both C programs of the bench measure with: the monotonic clock, and the CPU time this process
 * spent in user space and in the kernel (getrusage: every thread, the kernel's io-wq workers too). */
#include <sys/resource.h>
#include <time.h>

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds this process spent in user space and in the kernel. */
static void cpu(double *user, double *kernel) {
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	*user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
	*kernel = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}
