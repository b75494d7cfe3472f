package mqtest5;

import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Sends timer messages the RocketMQ 5 way: each with Message.setDeliverTimeMs(now + delay).
 * Arguments: -topic, -count, -delayMs (may be negative or huge, to see the broker refuse it),
 * -group. The name server comes from NAMESRV_ADDR. Prints "SENT <msgId> <deliverTimeMs>" per
 * message; a refused send prints "SEND_FAILED code=<response code> <the broker's remark>" and exits 2.
 */
public final class TimerProducer {
    public static void main(String[] argv) throws Exception {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^-+", ""), argv[i + 1]);
        }
        String topic = a.getOrDefault("topic", "TopicTest");
        int count = Integer.parseInt(a.getOrDefault("count", "1"));
        long delayMs = Long.parseLong(a.getOrDefault("delayMs", "3000"));
        DefaultMQProducer producer = new DefaultMQProducer(a.getOrDefault("group", "timer_referee_group"));
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        int ok = 0;
        for (int i = 0; i < count; i++) {
            Message msg = new Message(topic, "TagT", ("timer " + i).getBytes(StandardCharsets.UTF_8));
            long deliverTimeMs = System.currentTimeMillis() + delayMs;
            msg.setDeliverTimeMs(deliverTimeMs);
            SendResult result;
            try {
                result = producer.send(msg);
            } catch (MQClientException | MQBrokerException e) {
                int code = e instanceof MQClientException ? ((MQClientException) e).getResponseCode() : ((MQBrokerException) e).getResponseCode();
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                System.out.printf("SEND_FAILED code=%d %s%n", code, cause.getMessage());
                producer.shutdown();
                System.exit(2);
                return;
            }
            System.out.printf("SENT %s %d %s%n", result.getMsgId(), deliverTimeMs, result.getSendStatus());
            if (result.getSendStatus() == SendStatus.SEND_OK) {
                ok++;
            }
        }
        producer.shutdown();
        System.out.printf("SUMMARY sent=%d ok=%d%n", count, ok);
        System.exit(ok == count ? 0 : 1);
    }
}
