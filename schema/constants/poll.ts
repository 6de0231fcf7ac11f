import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Poll',
  header: 'poll.h',
  summary: 'poll(2) event bits, for io_uring_prep_poll_add(3) poll_mask and poll CQE results.',
  cType: 'unsigned',
  values: [
    { name: 'POLLIN', value: 1, doc: 'Data to read.' },
    { name: 'POLLPRI', value: 2, doc: 'Urgent data to read.' },
    { name: 'POLLOUT', value: 4, doc: 'Writing will not block.' },
    { name: 'POLLERR', value: 8, doc: 'Error condition (always reported).' },
    { name: 'POLLHUP', value: 16, doc: 'Hung up (always reported).' },
    { name: 'POLLNVAL', value: 32, doc: 'Invalid fd (always reported).' },
    { name: 'POLLRDNORM', value: 64, doc: 'Normal data to read.' },
    { name: 'POLLRDBAND', value: 128, doc: 'Priority band data to read.' },
    { name: 'POLLWRNORM', value: 256, doc: 'Writing normal data will not block.' },
    { name: 'POLLWRBAND', value: 512, doc: 'Priority data may be written.' },
    { name: 'POLLMSG', value: 1024, doc: 'Unused on Linux.' },
    { name: 'POLLREMOVE', value: 4096, doc: 'Unused on Linux.' },
    { name: 'POLLRDHUP', value: 8192, doc: 'The peer closed its writing half (stream sockets).' },
  ],
});
