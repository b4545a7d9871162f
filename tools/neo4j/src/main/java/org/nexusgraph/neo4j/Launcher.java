package org.nexusgraph.neo4j;

import static org.neo4j.configuration.GraphDatabaseSettings.DEFAULT_DATABASE_NAME;
import static org.neo4j.configuration.GraphDatabaseSettings.SYSTEM_DATABASE_NAME;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community embedded, reachable over Bolt on 127.0.0.1 only, for
 * development and tests. Not for production.
 *
 * <p>Usage: {@code Launcher --data DIR --logs DIR [--port N]}. The data folder
 * is the instance's home: its databases, transaction logs and users live
 * there and survive a restart. Authentication is off unless the environment
 * variable {@code NEO4J_PASSWORD} is set; then it is on and the user
 * {@code neo4j} has that password.
 *
 * <p>Once the default database is available and Bolt accepts connections,
 * one line {@code neo4j-launcher: ready bolt://127.0.0.1:PORT} is printed on
 * standard output. SIGTERM (or SIGINT) shuts the DBMS down cleanly.
 */
public final class Launcher {

    /** The only interface the connector listens on. */
    static final String HOST = "127.0.0.1";

    /** The user that {@code NEO4J_PASSWORD} sets the password of. */
    static final String USER = "neo4j";

    /** How long to wait for the default database to become available. */
    static final Duration AVAILABLE_TIMEOUT = Duration.ofMinutes(5);

    /**
     * APOC classes whose procedures and functions are registered. They hold
     * what the Neo4j GraphQL Library calls: {@code apoc.util.validate}
     * (procedure) and {@code apoc.util.validatePredicate} in
     * {@code apoc.util.Utils}, {@code apoc.date.convertFormat} in
     * {@code apoc.date.Date}.
     */
    static final List<Class<?>> APOC_CLASSES = List.of(apoc.util.Utils.class, apoc.date.Date.class);

    private Launcher() {}

    /**
     * Starts the DBMS and blocks until the JVM is asked to stop.
     *
     * @param args {@code --data DIR --logs DIR [--port N]}
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("neo4j-launcher: " + e.getMessage());
            System.err.println("usage: Launcher --data DIR --logs DIR [--port N]");
            System.exit(2);
            return;
        }
        try {
            run(options, out);
        } catch (Throwable e) {
            e.printStackTrace(System.err);
            // Last, so that the tail of the log says what went wrong.
            System.err.println("neo4j-launcher: failed: " + rootCause(e));
            System.exit(1);
        }
    }

    private static void run(Options options, PrintStream out) throws Exception {
        Files.createDirectories(options.data);
        Files.createDirectories(options.logs);
        String password = System.getenv("NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(options.data)
                .setUserLogProvider(new Log4jLogProvider(System.err, Level.INFO))
                .setConfig(GraphDatabaseSettings.data_directory, options.data)
                .setConfig(GraphDatabaseSettings.logs_directory, options.logs)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, options.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, options.port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                .setConfig(GraphDatabaseSettings.log_queries, GraphDatabaseSettings.LogQueryLevel.OFF)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt's network threads otherwise wait twice 5 s for quiet on shutdown.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
                System.err.println("neo4j-launcher: stopped");
            } finally {
                stopped.countDown();
            }
        }, "neo4j-launcher-shutdown"));

        GraphDatabaseService db = dbms.database(DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(AVAILABLE_TIMEOUT.toMillis())) {
            throw new IllegalStateException("database " + DEFAULT_DATABASE_NAME + " not available after "
                    + AVAILABLE_TIMEOUT.toSeconds() + " s");
        }

        GlobalProcedures procedures =
                ((GraphDatabaseAPI) db).getDependencyResolver().resolveDependency(GlobalProcedures.class);
        for (Class<?> c : APOC_CLASSES) {
            procedures.registerProcedure(c);
            procedures.registerFunction(c);
        }

        if (auth) {
            dbms.database(SYSTEM_DATABASE_NAME)
                    .executeTransactionally(
                            "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                            Map.of("password", password));
        }

        awaitPort(HOST, options.port, Duration.ofSeconds(30));
        out.println("neo4j-launcher: ready bolt://" + HOST + ":" + options.port);
        out.flush();

        stopped.await();
    }

    /** The message of the innermost cause of e, or e itself when it has none. */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /** Waits until a TCP connection to host:port succeeds. */
    private static void awaitPort(String host, int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Bolt does not accept connections on " + host + ":" + port, last);
    }

    /** Command-line options. */
    static final class Options {
        Path data;
        Path logs;
        int port = 7687;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--data" -> o.data = Path.of(value).toAbsolutePath().normalize();
                    case "--logs" -> o.logs = Path.of(value).toAbsolutePath().normalize();
                    case "--port" -> o.port = parsePort(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (o.data == null) {
                throw new IllegalArgumentException("--data is required");
            }
            if (o.logs == null) {
                throw new IllegalArgumentException("--logs is required");
            }
            return o;
        }

        private static int parsePort(String value) {
            int port;
            try {
                port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port: not a number: " + value);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--port: out of range 1-65535: " + value);
            }
            return port;
        }
    }
}
