/*
 * A launcher for test/hostile-env.test.ts: it makes its own process hostile to
 * io_uring the way containers do, then execs the program given after "--".
 * Everything it changes belongs to this process and what it execs (a seccomp
 * filter, a resource limit, capabilities): nothing system-wide.
 *
 *   seccomp-helper [--seccomp EPERM|ENOSYS] [--memlock BYTES] [--drop-ipc-lock] -- PROGRAM [ARG...]
 *
 * --seccomp ERRNO   installs a seccomp filter that fails io_uring_setup,
 *                   io_uring_enter and io_uring_register with ERRNO (Docker's
 *                   default profile answers EPERM; other runtimes ENOSYS) and
 *                   allows every other system call.
 * --memlock BYTES   sets RLIMIT_MEMLOCK (soft and hard), as `ulimit -l` would.
 * --drop-ipc-lock   removes CAP_IPC_LOCK from the bounding, inheritable,
 *                   permitted and effective sets, so that even root is charged
 *                   for locked memory (an unprivileged user has no CAP_IPC_LOCK
 *                   to begin with).
 *
 * Exits 127 with a message on stderr when a step fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* io_uring's system calls have the same numbers on every architecture. */
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter 426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register 427
#endif

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define FILTER_ARCH AUDIT_ARCH_RISCV64
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FILTER_ARCH AUDIT_ARCH_PPC64LE
#elif defined(__s390x__)
#define FILTER_ARCH AUDIT_ARCH_S390X
#endif

static void die(const char *what) {
  fprintf(stderr, "seccomp-helper: %s: %s\n", what, strerror(errno));
  exit(127);
}

static void install_filter(int err) {
  struct sock_filter filter[] = {
#ifdef FILTER_ARCH
    /* A system call of another ABI than ours: let it through untouched. */
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
#endif
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 3, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_enter, 2, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_register, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((unsigned)err & SECCOMP_RET_DATA)),
  };
  struct sock_fprog prog = { .len = (unsigned short)(sizeof filter / sizeof filter[0]), .filter = filter };
  /* Lets an unprivileged process install a filter; it also keeps exec from gaining privileges. */
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("prctl(PR_SET_NO_NEW_PRIVS)");
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) die("prctl(PR_SET_SECCOMP)");
}

static void drop_ipc_lock(void) {
  /* Without CAP_SETPCAP (not root) the bounding set cannot change, and there is no CAP_IPC_LOCK to drop. */
  if (prctl(PR_CAPBSET_DROP, CAP_IPC_LOCK, 0, 0, 0) != 0 && errno != EPERM) die("prctl(PR_CAPBSET_DROP, CAP_IPC_LOCK)");
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, CAP_IPC_LOCK, 0, 0);
  struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  if (syscall(SYS_capget, &header, data) != 0) die("capget");
  unsigned bit = 1u << CAP_IPC_LOCK; /* CAP_IPC_LOCK is 14: in the first word */
  data[0].effective &= ~bit;
  data[0].permitted &= ~bit;
  data[0].inheritable &= ~bit;
  if (syscall(SYS_capset, &header, data) != 0) die("capset");
}

int main(int argc, char **argv) {
  int i = 1;
  int seccomp_errno = 0;
  int drop = 0;
  long long memlock = -1;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "--seccomp") == 0 && i + 1 < argc) {
      const char *e = argv[++i];
      if (strcmp(e, "EPERM") == 0) seccomp_errno = EPERM;
      else if (strcmp(e, "ENOSYS") == 0) seccomp_errno = ENOSYS;
      else {
        fprintf(stderr, "seccomp-helper: --seccomp takes EPERM or ENOSYS, got %s\n", e);
        return 127;
      }
    } else if (strcmp(argv[i], "--memlock") == 0 && i + 1 < argc) {
      memlock = atoll(argv[++i]);
    } else if (strcmp(argv[i], "--drop-ipc-lock") == 0) {
      drop = 1;
    } else {
      fprintf(stderr, "seccomp-helper: unknown option %s\n", argv[i]);
      return 127;
    }
  }
  if (i + 1 >= argc) {
    fprintf(stderr, "usage: seccomp-helper [--seccomp EPERM|ENOSYS] [--memlock BYTES] [--drop-ipc-lock] -- PROGRAM [ARG...]\n");
    return 127;
  }
  if (memlock >= 0) {
    struct rlimit rl = { .rlim_cur = (rlim_t)memlock, .rlim_max = (rlim_t)memlock };
    if (setrlimit(RLIMIT_MEMLOCK, &rl) != 0) die("setrlimit(RLIMIT_MEMLOCK)");
  }
  if (drop) drop_ipc_lock();
  /* Last: the filter would also apply to the steps above. */
  if (seccomp_errno) install_filter(seccomp_errno);
  execvp(argv[i + 1], argv + i + 1);
  die(argv[i + 1]);
  return 127;
}
