package cn.jinhua.risk.control;

import cn.jinhua.risk.jobs.rules.ControlChange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code control [FILE|-] [--bootstrap host:port] [--timeout SECONDS] [--json]}: sends live changes
 * ({@code docs/rules.md} "Changing rules live", one JSON object per line, from FILE or stdin) to
 * {@code risk.control}, keyed by their subject, and prints the job's verdict on each from
 * {@code risk.control.results}. Every line is read first: a malformed one (line named) means
 * nothing is sent. Exit codes: 0 every change accepted; 2 bad arguments, a malformed change, or a
 * change the job refused (its reason printed); 3 Kafka unreachable, or no verdict within the
 * timeout (default 60 s: is the job running?). The bootstrap defaults to
 * {@code RISK_KAFKA_BOOTSTRAP}, else localhost:9092.
 */
public final class ControlCommand {
    static final int OK = 0;
    static final int REFUSED = 2;
    static final int KAFKA_FAILED = 3;
    static final String USAGE = "usage: control [FILE|-] [--bootstrap host:port] [--timeout SECONDS] [--json]"
            + " [--topic-control NAME] [--topic-control-results NAME]";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ControlCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("RISK_KAFKA_BOOTSTRAP"), System.in, System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, String envBootstrap, InputStream stdin, PrintStream out, PrintStream err) {
        String bootstrap = envBootstrap == null || envBootstrap.isBlank() ? "localhost:9092" : envBootstrap;
        String changesTopic = "risk.control";
        String resultsTopic = "risk.control.results";
        Duration timeout = Duration.ofSeconds(60);
        boolean json = false;
        String file = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--bootstrap" -> bootstrap = value(args, ++i);
                    case "--topic-control" -> changesTopic = value(args, ++i);
                    case "--topic-control-results" -> resultsTopic = value(args, ++i);
                    case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
                    case "--json" -> json = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return OK;
                    }
                    default -> {
                        if (args[i].startsWith("--") || file != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        file = args[i];
                    }
                }
            }
        } catch (NumberFormatException e) {
            err.println("--timeout needs whole seconds\n" + USAGE);
            return REFUSED;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n" + USAGE);
            return REFUSED;
        }
        Map<String, ControlChange> changes = new LinkedHashMap<>();
        Map<String, String> lines = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file == null || file.equals("-") ? stdin
                : Files.newInputStream(Path.of(file)), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            String where = file == null || file.equals("-") ? "stdin" : file;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                ControlChange c;
                try {
                    c = ControlChange.parse(line);
                } catch (IllegalArgumentException e) {
                    err.println(where + " line " + n + ": " + e.getMessage() + "; nothing was sent");
                    return REFUSED;
                }
                if (changes.put(c.changeId(), c) != null) {
                    err.println(where + " line " + n + ": changeId " + c.changeId() + " is used twice; nothing was sent");
                    return REFUSED;
                }
                lines.put(c.changeId(), line);
            }
        } catch (IOException e) {
            err.println("cannot read " + (file == null ? "stdin" : file) + ": " + e.getMessage());
            return REFUSED;
        }
        if (changes.isEmpty()) {
            err.println("no change to send (one JSON object per line)\n" + USAGE);
            return REFUSED;
        }
        return send(bootstrap, changesTopic, resultsTopic, timeout, json, changes, lines, out, err);
    }

    private static int send(String bootstrap, String changesTopic, String resultsTopic, Duration timeout, boolean json,
                            Map<String, ControlChange> changes, Map<String, String> lines, PrintStream out,
                            PrintStream err) {
        try (KafkaConsumer<byte[], byte[]> results = new KafkaConsumer<>(consumerProps(bootstrap));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrap))) {
            // Read results from the end as it is now, so that no verdict given after the send is missed.
            List<TopicPartition> partitions = results.partitionsFor(resultsTopic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                err.println("topic " + resultsTopic + " does not exist on " + bootstrap + " (./risk up creates it)");
                return KAFKA_FAILED;
            }
            results.assign(partitions);
            results.seekToEnd(partitions);
            partitions.forEach(results::position);
            for (ControlChange c : changes.values()) {
                producer.send(new ProducerRecord<>(changesTopic, c.subject().getBytes(StandardCharsets.UTF_8),
                        lines.get(c.changeId()).getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
            Map<String, JsonNode> verdicts = new LinkedHashMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (verdicts.size() < changes.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : results.poll(Duration.ofMillis(200))) {
                    JsonNode v = MAPPER.readTree(r.value());
                    String id = v.path("changeId").asText(null);
                    if (id != null && changes.containsKey(id) && !verdicts.containsKey(id)) {
                        verdicts.put(id, v);
                        out.println(json ? v.toString() : describe(v));
                    }
                }
            }
            if (verdicts.size() < changes.size()) {
                err.println("no verdict within " + timeout.toSeconds() + " s for " + changes.keySet().stream()
                        .filter(id -> !verdicts.containsKey(id)).collect(Collectors.joining(", "))
                        + ": is the job running? (./risk status)");
                return KAFKA_FAILED;
            }
            boolean refused = verdicts.values().stream().anyMatch(v -> !v.path("accepted").asBoolean());
            if (refused) {
                err.println("refused changes left the old versions working");
            }
            return refused ? REFUSED : OK;
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            err.println("Kafka at " + bootstrap + " did not take the changes: " + e.getMessage());
            return KAFKA_FAILED;
        } catch (IOException e) {
            err.println("unreadable result on " + resultsTopic + ": " + e.getMessage());
            return KAFKA_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return KAFKA_FAILED;
        }
    }

    /** One verdict for a person: accepted with the version it made, or refused with the reason. */
    public static String describe(JsonNode v) {
        String subject = v.hasNonNull("ruleId") ? "rule " + v.get("ruleId").asText()
                : v.hasNonNull("featureId") ? "feature " + v.get("featureId").asText()
                : v.path("featureIds").isArray() ? "features " + String.join(", ", MAPPER.convertValue(v.get("featureIds"),
                        String[].class)) : "the change";
        if (v.path("accepted").asBoolean()) {
            return v.path("changeId").asText() + " accepted: " + subject
                    + (v.hasNonNull("ruleVersion") ? " is now version " + v.get("ruleVersion").asInt() : "")
                    + " (world version " + v.path("worldVersion").asInt() + ")";
        }
        return v.path("changeId").asText() + " refused: " + v.path("reason").asText()
                + (v.hasNonNull("ruleVersion") ? " (" + subject + " stays at version " + v.get("ruleVersion").asInt() + ")" : "");
    }

    private static Properties producerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return p;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
