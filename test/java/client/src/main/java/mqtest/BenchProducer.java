package mqtest;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * A load generator in the manner of RocketMQ's benchmark producer: `-w` threads send `-s`-byte
 * messages to `-t` for `-d` seconds, printing a TPS line each second and a SUMMARY at the end.
 * Exits 0 only when there were no failures and at least one send succeeded.
 */
public final class BenchProducer {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String topic = args.str("t", "BenchmarkTest");
        int threads = args.num("w", 16);
        int size = args.num("s", 128);
        int seconds = args.num("d", 10);

        DefaultMQProducer producer = new DefaultMQProducer("benchmark_producer");
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        producer.start();
        byte[] body = new byte[size];
        new Random(1).nextBytes(body);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                while (System.currentTimeMillis() < deadline) {
                    try {
                        SendResult r = producer.send(new Message(topic, body));
                        if (r.getSendStatus() == SendStatus.SEND_OK) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        System.err.printf("send failed: %s%n", e);
                    }
                }
            });
        }
        long last = 0;
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            long now = ok.get();
            System.out.printf("Send TPS: %d Send Failed: %d%n", now - last, failed.get());
            last = now;
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        producer.shutdown();
        System.out.printf("SUMMARY ok=%d failed=%d%n", ok.get(), failed.get());
        System.exit(failed.get() == 0 && ok.get() > 0 ? 0 : 1);
    }
}
