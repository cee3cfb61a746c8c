package io.github.backscatterguard.it;

import javax.inject.Inject;

import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.james.utils.GuiceProbe;

/** Lets a test read the size of the memory server's mail queues (spool, outgoing, ndr-outgoing...). */
public class QueueSizeProbe implements GuiceProbe {
    private final MemoryMailQueueFactory queues;

    @Inject
    public QueueSizeProbe(MemoryMailQueueFactory queues) {
        this.queues = queues;
    }

    /** Mails waiting in the queue (not the one being handled); 0 for a queue not created yet. */
    public long size(String queueName) {
        return queues.getQueue(MailQueueName.of(queueName))
            .map(queue -> queue.getSize())
            .orElse(0L);
    }
}
