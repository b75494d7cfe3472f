package mqtest;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;

/**
 * Does what RocketMQ's quickstart consumer does: a push consumer on TopicTest "*" (or `-sql`, a
 * SQL92 selector) that prints each message. It stops once it has seen `-expect` distinct bodies (exit 0) or after
 * `-timeout` seconds (exit 1), printing a SUMMARY line either way; a failed start exits 2. With -ak
 * and -sk every request (heartbeats, pulls, offset commits) is signed by AclClientRPCHook. `-ns`
 * sets the client's namespace; the topics its listener saw are then printed on a TOPICS line. With
 * `-trace true` it writes message traces to `-traceTopic` (default RMQ_SYS_TRACE_TOPIC).
 */
public final class QuickConsumer {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int expect = args.num("expect", 1000);
        int timeoutSec = args.num("timeout", 60);
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        Set<String> topics = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(1);

        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(args.str("group", "please_rename_unique_group_name_4"), args.aclHook(),
            new AllocateMessageQueueAveragely(), Boolean.parseBoolean(args.str("trace", "false")), args.str("traceTopic", null));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        String namespace = args.str("ns", null);
        if (namespace != null) {
            consumer.setNamespace(namespace);
        }
        String sql = args.str("sql", null);
        if (sql != null) {
            consumer.subscribe(args.str("topic", "TopicTest"), MessageSelector.bySql(sql));
        } else {
            consumer.subscribe(args.str("topic", "TopicTest"), args.str("expression", "*"));
        }
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            msgs.forEach(m -> {
                System.out.printf("%s Receive New Messages: %s %s%n", Thread.currentThread().getName(), m.getMsgId(),
                    new String(m.getBody(), StandardCharsets.UTF_8));
                bodies.add(new String(m.getBody(), StandardCharsets.UTF_8));
                topics.add(m.getTopic());
            });
            if (bodies.size() >= expect) {
                done.countDown();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try {
            consumer.start();
        } catch (Exception e) {
            // The client's threads would keep the JVM alive after main ends.
            System.err.printf("START FAILED: %s%n", e);
            System.exit(2);
        }
        System.out.printf("Consumer Started.%n");
        boolean complete = done.await(timeoutSec, TimeUnit.SECONDS);
        if (Boolean.parseBoolean(args.str("trace", "false"))) {
            // As in QuickProducer: the last trace batch goes out 500 ms after its first trace.
            Thread.sleep(1500);
        }
        consumer.shutdown();
        if (namespace != null) {
            System.out.printf("TOPICS %s%n", String.join(",", new TreeSet<>(topics)));
        }
        System.out.printf("SUMMARY consumed=%d expected=%d%n", bodies.size(), expect);
        System.exit(complete ? 0 : 1);
    }
}
