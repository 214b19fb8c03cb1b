package fr.presenca.connexion.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service in local mode in a JVM of its own, started as {@code java -jar} would start it (the test's classpath,
 * the main class), with a clean environment: its console, line by line, and SIGTERM.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");
    private static final String BANNER_END = "-----";

    private final Process process;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private ServiceProcess(Process process) {
        this.process = process;
        Thread pump = new Thread(this::pump, "service-console-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts the service in local mode and waits until it has printed its banner (the end of its start-up). */
    static ServiceProcess start(Path workingDirectory, Duration atMost, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), OpenAiConnexionApplication.class.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        // Nothing of the developer's or the CI's own settings.
        builder.environment().keySet().removeIf(name -> name.startsWith("PRESENCA_") || name.startsWith("SPRING_")
                || name.startsWith("SERVER_") || name.startsWith("MANAGEMENT_") || name.equals("JAVA_TOOL_OPTIONS"));
        ServiceProcess service = new ServiceProcess(builder.start());
        try {
            CompletableFuture.anyOf(service.ready, service.process.onExit()).get(atMost.toSeconds(), TimeUnit.SECONDS);
            if (!service.ready.isDone()) {
                throw new IllegalStateException("the service exited with " + service.process.exitValue() + ":\n"
                        + String.join("\n", service.console));
            }
            return service;
        } catch (Exception | Error e) {
            service.process.destroyForcibly();
            throw e;
        }
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            boolean inBanner = false;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                console.add(line);
                Matcher started = STARTED.matcher(line);
                if (started.find()) {
                    port.complete(Integer.parseInt(started.group(1)));
                }
                // Local mode's banner is the last thing it prints: ready once it is closed.
                if (line.startsWith(BANNER_END)) {
                    if (inBanner) {
                        ready.complete(null);
                    }
                    inBanner = !inBanner;
                }
            }
        } catch (IOException e) {
            // The process is gone.
        }
    }

    int port() {
        return port.join();
    }

    /** Every line printed so far (stdout and stderr). */
    List<String> console() {
        return List.copyOf(console);
    }

    /** SIGTERM, as a process manager stops a service. */
    void terminate() {
        process.destroy();
    }

    boolean waitForExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
