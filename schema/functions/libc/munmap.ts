import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'munmap',
  since: 'glibc 2.0',
  category: 'libc',
  library: 'libc',
  summary: 'Unmap a mapping mmap returned: its pages are gone, and every wrapper refuses the view afterwards (munmap(2)).',
  description:
    'Takes the whole Uint8Array mmap returned and the length mmap was given. A stale view cannot crash the process: the ' +
    'mapping is replaced in one step by fresh zero pages (which unmaps it as munmap does: a file\'s or a buffer ring\'s pages ' +
    'are no longer mapped), and those are unmapped once the last view is collected. Structs viewed over the mapping with ' +
    'lifetimeOf(view) throw UseAfterFreeError from then on.',
  man: 'munmap(2)',
  params: [
    {
      name: 'addr',
      type: 'void *',
      ownership: 'consumed',
      doc: 'The Uint8Array mmap returned (whole: not a subarray, not a copy).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'isMapping(addr)', says: 'addr must be a view mmap returned, whole, not yet unmapped' },
          message: 'addr must be the Uint8Array mmap returned (the whole view, not a subarray or copy), not yet unmapped: C would unmap whatever memory lies at the address, Node\'s own included',
          source: 'munmap(2) ("All pages containing a part of the indicated range are unmapped"); liburing-ts memory safety',
          errno: null,
          unprovable: 'C would unmap whatever pages lie at the address, Node\'s own included: the process would crash at its next use of them',
        },
        {
          rule: { kind: 'relation', holds: '!heldByKernel(addr)', says: 'the kernel must not be using the mapping' },
          message: 'the mapping must not be in use by the kernel (a request not yet completed, a ring that registered it): wait for the completion or exit the ring first',
          source: 'liburing-ts runtime/holds (memory held until the kernel is done with it)',
          errno: null,
          unprovable: 'after the raw munmap the kernel\'s request or registration outlives the process\'s mapping, and the JavaScript views over it point at unmapped memory (SIGSEGV at the next access)',
        },
      ],
    },
    {
      name: 'length',
      type: 'size_t',
      doc: 'The length mmap was given for this mapping.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1 },
          message: 'length must be at least 1',
          source: 'munmap(2) ERRORS ("EINVAL ... length was 0", since Linux 2.6.12); observed -1/EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: 'Number(length) === mappingLength(addr)', says: 'length must be the length mmap was given' },
          message: 'length must be the length mmap was given for this mapping: liburing-ts unmaps whole mappings, and a partial munmap would leave a view over pages that are gone',
          source: 'munmap(2) ("The region is also automatically unmapped when the process is terminated"; a range may cover part of a mapping); liburing-ts memory safety',
          errno: null,
          unprovable: 'a partial munmap succeeds and leaves the view over pages that are gone: showing it means reading them, which kills the process (SIGSEGV)',
        },
      ],
    },
  ],
  bookkeeping: 'unmap',
  returns: { kind: 'libc', type: 'int', doc: '0: the mapping is gone.' },
  errors: {
    EINVAL: 'length is 0, or the range is not page-aligned or outside the address space',
    ENOMEM: 'the mapping could not be replaced (the process\'s mapping count limit, vm.max_map_count)',
  },
  test: {
    async effect({ catchError, expect, IoUringBuf, IoUringBufRing, lifetimeOf, MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, memfd_create, mmap, munmap, PROT_READ, PROT_WRITE, addressOf }) {
      const { closeSync, ftruncateSync, readFileSync, readSync } = await import('node:fs');
      const fd = memfd_create('munmap effect', 0);
      try {
        ftruncateSync(fd, 4096);
        const view = mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        const at = addressOf(view).toString(16);
        // Past the struct's header (its tail is bytes 14-15), so that the struct reads 0 there.
        view.set(Buffer.from('kept by the file'), 16);
        const maps = () => readFileSync('/proc/self/maps', 'utf8').split('\n').filter((l) => l.startsWith(at + '-'));
        expect(maps().join()).toContain('/memfd:munmap effect');
        // A struct viewed over the mapping shares its lifetime.
        const br = IoUringBufRing.borrow(addressOf(view), lifetimeOf(view), 1, 4096 / IoUringBuf.size);
        expect(br.tail).toBe(0);
        expect(munmap(view, 4096)).toBe(0);
        // The file's pages are no longer mapped; what the view wrote stays in the file.
        expect(maps().join()).not.toContain('memfd');
        const back = Buffer.alloc(16);
        expect(readSync(fd, back, 0, 16, 16)).toBe(16);
        expect(back.toString()).toBe('kept by the file');
        // Every wrapper refuses the view now, and the struct over it throws.
        expect(catchError(() => munmap(view, 4096))).toMatchObject({ name: 'PreconditionError', parameter: 'addr', rule: 'alive' });
        expect(catchError(() => br.tail)).toMatchObject({ name: 'UseAfterFreeError' });
      } finally {
        closeSync(fd);
      }
      // Only whole views mmap returned, with their length.
      const anon = mmap(null, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      expect(catchError(() => munmap(anon.subarray(4096), 4096))).toMatchObject({ name: 'PreconditionError', parameter: 'addr', rule: 'relation' });
      expect(catchError(() => munmap(new Uint8Array(4096), 4096))).toMatchObject({ name: 'PreconditionError', parameter: 'addr', rule: 'relation' });
      expect(catchError(() => munmap(anon, 4096))).toMatchObject({ name: 'PreconditionError', parameter: 'length', rule: 'relation' });
      expect(munmap(anon, 8192)).toBe(0);
    },
    async valid({ exitQuietly, isFreed, MAP_ANONYMOUS, MAP_PRIVATE, mmap, munmap, newRing, PROT_READ, PROT_WRITE }) {
      const view = mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      const ring = newRing(4);
      const args = [view, 4096] as Parameters<typeof munmap>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          if (!isFreed(view)) munmap(view, 4096);
        },
      };
    },
    violations: {
      'addr.relation': { args: { addr: () => new Uint8Array(4096) } },
      'addr.relation#2': {
        before: ({ args, ring }, { io_uring_get_sqe, io_uring_prep_read }) => {
          // A read into the mapping, prepared and not completed: the kernel may write into it.
          io_uring_prep_read(io_uring_get_sqe(ring)!, 0, args[0], 16, 0);
        },
      },
      'length.relation': { args: { length: 8192 } },
    },
  },
});
