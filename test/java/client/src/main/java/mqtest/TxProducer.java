package mqtest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * A transactional producer whose local transactions all end UNKNOW, so only the broker's check
 * can settle them: asked about "tx i", it answers COMMIT for even i and ROLLBACK for odd i, and
 * prints one CHECK line per question (body, check count, topic and queue as the broker sent them).
 * A plain "plain" message goes first: it makes the topic and tells the client where the broker
 * is, so a heartbeat can register the group with the broker before any check is due. The name
 * server comes from NAMESRV_ADDR. Exits 0 once every message was asked about, after a short grace
 * period so the END_TRANSACTION answers leave the socket; 1 on timeout.
 */
public final class TxProducer {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int count = args.num("count", 4);
        String topic = args.str("topic", "TxTopic");
        int timeoutMs = args.num("timeout", 60000);
        Map<String, Integer> checked = new ConcurrentHashMap<>();
        TransactionMQProducer producer = new TransactionMQProducer(args.str("group", "tx_referee_pg"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                String body = new String(msg.getBody(), StandardCharsets.UTF_8);
                System.out.printf("CHECK body=%s times=%s topic=%s queueId=%d transactionId=%s%n", body,
                    msg.getProperty(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES), msg.getTopic(), msg.getQueueId(),
                    msg.getTransactionId());
                checked.merge(body, 1, Integer::sum);
                int i = Integer.parseInt(body.substring(body.lastIndexOf(' ') + 1));
                return i % 2 == 0 ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
            }
        });
        producer.start();
        producer.send(new Message(topic, "TagA", "plain".getBytes(StandardCharsets.UTF_8)));
        producer.getDefaultMQProducerImpl().getMqClientFactory().sendHeartbeatToAllBrokerWithLock();
        for (int i = 0; i < count; i++) {
            Message msg = new Message(topic, "TagA", ("tx " + i).getBytes(StandardCharsets.UTF_8));
            TransactionSendResult r = producer.sendMessageInTransaction(msg, null);
            System.out.printf("SENT body=tx %d status=%s state=%s%n", i, r.getSendStatus(), r.getLocalTransactionState());
        }
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (checked.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        boolean all = checked.size() == count;
        // The listener records a check before the client answers it, and that answer
        // (END_TRANSACTION) is oneway: the client offers no signal that it has left, so give it a
        // moment before shutdown closes the channel.
        Thread.sleep(1000);
        producer.shutdown();
        System.out.printf("SUMMARY sent=%d checked=%d%n", count, checked.size());
        System.exit(all ? 0 : 1);
    }
}
