package mqtest;

import java.util.HashMap;
import java.util.Map;

/** Tiny "-k value" argument reader shared by the referee programs. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] argv) {
        for (int i = 0; i + 1 < argv.length; i += 2) {
            values.put(argv[i].replaceFirst("^-+", ""), argv[i + 1]);
        }
    }

    String str(String key, String dflt) {
        return values.getOrDefault(key, dflt);
    }

    /** An AclClientRPCHook signing with -ak and -sk, or null when they are not given. */
    org.apache.rocketmq.remoting.RPCHook aclHook() {
        String ak = values.get("ak");
        String sk = values.get("sk");
        if (ak == null || sk == null) {
            return null;
        }
        return new org.apache.rocketmq.acl.common.AclClientRPCHook(new org.apache.rocketmq.acl.common.SessionCredentials(ak, sk));
    }

    int num(String key, int dflt) {
        String v = values.get(key);
        return v == null ? dflt : Integer.parseInt(v);
    }
}
