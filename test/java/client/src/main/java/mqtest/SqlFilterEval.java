package mqtest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.filter.FilterFactory;
import org.apache.rocketmq.filter.expression.EvaluationContext;
import org.apache.rocketmq.filter.expression.Expression;
import org.apache.rocketmq.filter.util.BloomFilter;
import org.apache.rocketmq.filter.util.BloomFilterData;

/**
 * Referee for our SQL92 filter: compiles and evaluates cases with rocketmq-filter 4.9.8 itself.
 * Input file, one case a line: "E =<base64 expression> =<base64 properties string>" (a lone "-"
 * for a message without properties) or "B <f> <n> =<base64 text>" (bloom filter bit positions);
 * the "=" keeps empty fields visible. One output line per case:
 * "PARSE <base64 remark>" when the expression does not compile (the remark CHECK_CLIENT_CONFIG
 * answers), else "TRUE", "FALSE", "NULL", "OTHER <value>" or "ERROR <exception class>";
 * "BLOOM <bitNum> <pos,pos,..>" for a bloom case.
 */
public final class SqlFilterEval {
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s.substring(1)), StandardCharsets.UTF_8);
    }

    public static void main(String[] argv) throws Exception {
        List<String> lines = Files.readAllLines(Paths.get(argv[0]), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (line.isEmpty()) continue;
            String[] f = line.split(" ");
            if (f[0].equals("B")) {
                BloomFilter bloom = BloomFilter.createByFn(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                BloomFilterData data = bloom.generate(unb64(f[3]));
                String pos = Arrays.toString(data.getBitPos()).replace(" ", "").replace("[", "").replace("]", "");
                out.append("BLOOM ").append(data.getBitNum()).append(' ').append(pos).append('\n');
                continue;
            }
            String expr = unb64(f[1]);
            final Map<String, String> props = f[2].equals("-") ? null : MessageDecoder.string2messageProperties(unb64(f[2]));
            Expression compiled;
            try {
                compiled = FilterFactory.INSTANCE.get("SQL92").compile(expr);
            } catch (Throwable e) {
                out.append("PARSE ").append(b64(String.valueOf(e.getMessage()))).append('\n');
                continue;
            }
            EvaluationContext ctx = new EvaluationContext() {
                @Override
                public Object get(String name) {
                    return props == null ? null : props.get(name);
                }

                @Override
                public Map<String, Object> keyValues() {
                    return props == null ? null : new HashMap<String, Object>(props);
                }
            };
            try {
                Object r = compiled.evaluate(ctx);
                if (r == null) out.append("NULL");
                else if (r == Boolean.TRUE) out.append("TRUE");
                else if (r == Boolean.FALSE) out.append("FALSE");
                else out.append("OTHER ").append(r);
            } catch (Throwable e) {
                out.append("ERROR ").append(e.getClass().getName());
            }
            out.append('\n');
        }
        System.out.print(out);
    }
}
