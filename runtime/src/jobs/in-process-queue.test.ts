import { InProcessBroker } from './in-process-broker.ts';
import { InProcessQueue } from './in-process-queue.ts';
import { describeJobQueueConformance, type ConformanceJobs } from './job-queue.conformance.ts';

// Several workers of one in-process queue are InProcessQueues on one broker.
describeJobQueueConformance('InProcessQueue', {
  createQueue() {
    const broker = new InProcessBroker();
    return {
      worker: (options) => new InProcessQueue<ConformanceJobs>({ ...options, broker }),
      dispose: async () => undefined,
    };
  },
});
