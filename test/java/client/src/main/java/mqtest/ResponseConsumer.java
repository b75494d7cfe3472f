package mqtest;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Does what RocketMQ's rpc example ResponseConsumer does: consumes `-topic` (default RequestTopic)
 * and answers each request with MessageUtil.createReplyMessage(msg, "reply:" + body), sent by a
 * second producer. Prints "Consumer Started." once running and a "REPLIED <body> <status>" line per
 * reply; exits 0 after `-expect` replies went out, 1 after `-timeout` seconds. The name server comes
 * from NAMESRV_ADDR.
 */
public final class ResponseConsumer {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String topic = args.str("topic", "RequestTopic");
        int expect = args.num("expect", 1);
        CountDownLatch done = new CountDownLatch(expect);

        DefaultMQProducer replyProducer = new DefaultMQProducer(args.str("replyGroup", "please_rename_unique_group_name"));
        replyProducer.start();

        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(args.str("group", "please_rename_unique_group_name"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPullTimeDelayMillsWhenException(0L);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt msg : msgs) {
                String body = new String(msg.getBody(), StandardCharsets.UTF_8);
                try {
                    Message reply = MessageUtil.createReplyMessage(msg, ("reply:" + body).getBytes(StandardCharsets.UTF_8));
                    SendResult result = replyProducer.send(reply, 3000);
                    System.out.printf("reply to %s , %s %n", MessageUtil.getReplyToClient(msg), result);
                    System.out.printf("REPLIED %s %s%n", body, result.getSendStatus());
                } catch (Exception e) {
                    System.out.printf("REPLY FAILED %s %s%n", body, e);
                }
                done.countDown();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.subscribe(topic, "*");
        consumer.start();
        System.out.printf("Consumer Started.%n");
        boolean complete = done.await(args.num("timeout", 60), TimeUnit.SECONDS);
        consumer.shutdown();
        replyProducer.shutdown();
        System.exit(complete ? 0 : 1);
    }
}
