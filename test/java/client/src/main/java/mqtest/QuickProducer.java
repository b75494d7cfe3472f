package mqtest;

import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Does what RocketMQ's quickstart producer does: sends "Hello RocketMQ i" with tag TagA to
 * TopicTest and prints each SendResult. The name server comes from NAMESRV_ADDR, as in the
 * quickstart. Exits 0 only when every send returned SEND_OK. With -ak and -sk every request is
 * signed (AclClientRPCHook); a send the broker refuses prints "SEND_FAILED code=<response code>
 * <the broker's answer>" and exits 2. `-ns` sets the client's namespace. With `-trace true` it
 * writes message traces to `-traceTopic` (default RMQ_SYS_TRACE_TOPIC).
 */
public final class QuickProducer {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int count = args.num("count", 1000);
        String topic = args.str("topic", "TopicTest");
        DefaultMQProducer producer = new DefaultMQProducer(args.str("group", "please_rename_unique_group_name"), args.aclHook(),
            Boolean.parseBoolean(args.str("trace", "false")), args.str("traceTopic", null));
        String namespace = args.str("ns", null);
        if (namespace != null) {
            producer.setNamespace(namespace);
        }
        producer.start();
        int ok = 0;
        for (int i = 0; i < count; i++) {
            Message msg = new Message(topic, "TagA", ("Hello RocketMQ " + i).getBytes(StandardCharsets.UTF_8));
            SendResult result;
            try {
                result = producer.send(msg);
            } catch (MQClientException | MQBrokerException e) {
                int code = e instanceof MQClientException ? ((MQClientException) e).getResponseCode() : ((MQBrokerException) e).getResponseCode();
                // After retries the client's exception wraps the broker's answer (code and remark).
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                System.out.printf("SEND_FAILED code=%d %s%n", code, cause.getMessage());
                producer.shutdown();
                System.exit(2);
                return;
            }
            System.out.printf("%s%n", result);
            if (result.getSendStatus() == SendStatus.SEND_OK) {
                ok++;
            }
        }
        if (Boolean.parseBoolean(args.str("trace", "false"))) {
            // The trace dispatcher sends its batch 500 ms after the first trace, asynchronously, and
            // shutdown does not wait for sends in flight: let the last batch land first.
            Thread.sleep(1500);
        }
        producer.shutdown();
        System.out.printf("SUMMARY sent=%d ok=%d%n", count, ok);
        System.exit(ok == count ? 0 : 1);
    }
}
