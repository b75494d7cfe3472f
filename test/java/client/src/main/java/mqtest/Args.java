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

    int num(String key, int dflt) {
        String v = values.get(key);
        return v == null ? dflt : Integer.parseInt(v);
    }
}
