package mqtest;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;

/**
 * A push consumer for fail-over tests. It prints "RECV <body>" for every delivery, duplicates
 * included, and reads slowly on purpose (one consuming thread, -sleepMs per message, small pulls
 * and a small cache per queue), so that a backlog is still being pulled when a master dies. The
 * name server comes from NAMESRV_ADDR. It runs until its standard input closes, then shuts down
 * (committing its offsets) and prints "DONE".
 */
public final class FailoverConsumer {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int sleepMs = args.num("sleepMs", 5);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(args.str("group", "failover_consumer"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollNameServerInterval(args.num("pollNameServerInterval", 1000));
        consumer.setPersistConsumerOffsetInterval(args.num("persistConsumerOffsetInterval", 1000));
        consumer.setConsumeThreadMin(1);
        consumer.setConsumeThreadMax(1);
        consumer.setConsumeMessageBatchMaxSize(1);
        consumer.setPullBatchSize(args.num("pullBatchSize", 4));
        consumer.setPullThresholdForQueue(args.num("pullThresholdForQueue", 8));
        consumer.subscribe(args.str("topic", "TopicTest"), "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            msgs.forEach(m -> System.out.println("RECV " + new String(m.getBody(), StandardCharsets.UTF_8)));
            System.out.flush();
            try {
                TimeUnit.MILLISECONDS.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        System.out.println("STARTED");
        System.out.flush();
        while (System.in.read() != -1) {
            // runs until the test closes our input
        }
        consumer.shutdown();
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }
}
