/**
 * Functions of liburing that the schema deliberately does not cover, each with
 * the reason. `npm run coverage:api` fails when the loaded liburing exports a
 * function that is neither in the schema nor here; `liburing-ts check-header`
 * shows these reasons for header functions no entry covers.
 *
 * An entry here is a decision, not a to-do list: a function that simply has no
 * schema entry yet does not belong here. When a reason stops holding, remove
 * the exclusion and write the entry.
 */

export interface CoverageExclusion {
  /** The C name. */
  name: string;
  /** Why it has no schema entry. */
  reason: string;
  /** The liburing release whose liburing.h first has it, for those newer than 2.9. */
  since?: string;
  /** Whether liburing-ffi.so or liburing.so exports it in some release (false: static inline only, nothing to bind). */
  exported: boolean;
}

const HEADER_ONLY = 'static inline in liburing.h and exported by no liburing release (neither liburing.so nor liburing-ffi.so): there is no symbol to bind';

export const coverageExclusions: readonly CoverageExclusion[] = [
  // Static inline helpers no library exports.
  { name: 'io_uring_cqe_shift', since: '2.10', exported: false, reason: HEADER_ONLY },
  { name: 'io_uring_cqe_shift_from_flags', since: '2.10', exported: false, reason: HEADER_ONLY },
  { name: 'io_uring_sqe_shift', since: '2.10', exported: false, reason: HEADER_ONLY },
  { name: 'io_uring_sqe_shift_from_flags', since: '2.10', exported: false, reason: HEADER_ONLY },
  { name: 'io_uring_load_sq_head', since: '2.10', exported: false, reason: HEADER_ONLY },
  { name: 'uring_ptr_to_u64', since: '2.12', exported: false, reason: HEADER_ONLY + '; its name is outside the io_uring_ namespace the schema language accepts' },
  { name: '__io_uring_prep_uring_cmd', since: '2.13', exported: false, reason: HEADER_ONLY + '; io_uring_prep_uring_cmd and io_uring_prep_uring_cmd128 are the exported forms' },
  { name: 'io_uring_skip_cqe', since: '2.13', exported: false, reason: HEADER_ONLY },
  { name: '__io_uring_prep_poll_mask', exported: false, reason: HEADER_ONLY + '; an internal byte-order helper of the poll prep functions' },
  { name: '__io_uring_set_target_fixed_file', exported: false, reason: HEADER_ONLY + '; an internal helper of the *_direct prep functions' },
  { name: 'io_uring_initialize_sqe', exported: false, reason: HEADER_ONLY + '; io_uring_get_sqe already initializes the SQE it returns' },
  { name: '_io_uring_get_sqe', exported: false, reason: HEADER_ONLY + '; io_uring_get_sqe is the exported form' },
];
