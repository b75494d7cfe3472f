package mqtest;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.RequestCallback;
import org.apache.rocketmq.common.message.Message;

/**
 * Does what RocketMQ's rpc example RequestProducer (or, with `-async true`, AsyncRequestProducer)
 * does: sends `-count` requests "Hello world i" to `-topic` (default RequestTopic) with
 * producer.request(msg, ttl) and prints each reply, plus a "REPLY <i> <body>" line for the tests.
 * Exits 0 when every request got its reply, 1 otherwise. The name server comes from NAMESRV_ADDR.
 */
public final class RequestProducer {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String topic = args.str("topic", "RequestTopic");
        int count = args.num("count", 1);
        long ttl = args.num("ttl", 3000);
        boolean async = Boolean.parseBoolean(args.str("async", "false"));
        DefaultMQProducer producer = new DefaultMQProducer(args.str("group", "please_rename_unique_group_name"));
        producer.start();
        AtomicInteger replied = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            final int n = i;
            Message msg = new Message(topic, "", ("Hello world " + i).getBytes(StandardCharsets.UTF_8));
            long begin = System.currentTimeMillis();
            if (async) {
                producer.request(msg, new RequestCallback() {
                    @Override
                    public void onSuccess(Message reply) {
                        // 4.9.8 also calls onSuccess(null) once the request is sent.
                        if (reply == null) {
                            return;
                        }
                        report(topic, n, begin, reply, replied);
                        done.countDown();
                    }

                    @Override
                    public void onException(Throwable e) {
                        System.out.printf("FAILED %d %s%n", n, e);
                        done.countDown();
                    }
                }, ttl);
            } else {
                try {
                    report(topic, n, begin, producer.request(msg, ttl), replied);
                } catch (Exception e) {
                    System.out.printf("FAILED %d %s%n", n, e);
                }
                done.countDown();
            }
        }
        done.await(ttl * count + 5000, TimeUnit.MILLISECONDS);
        producer.shutdown();
        System.out.printf("SUMMARY requests=%d replies=%d%n", count, replied.get());
        System.exit(replied.get() == count ? 0 : 1);
    }

    private static void report(String topic, int n, long begin, Message reply, AtomicInteger replied) {
        long cost = System.currentTimeMillis() - begin;
        System.out.printf("request to <%s> cost: %d replyMessage: %s %n", topic, cost, reply);
        System.out.printf("REPLY %d %s%n", n, new String(reply.getBody(), StandardCharsets.UTF_8));
        replied.incrementAndGet();
    }
}
