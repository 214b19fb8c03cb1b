package fr.presenca.connexion.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection, blocking, for one closed-loop caller: POSTs a JSON body and reads the
 * answer (Content-Length or chunked). Far cheaper in CPU than java.net.http, which matters when the load
 * generator shares two cores with the service and PostgreSQL (pgbench, the baseline, is lean C).
 */
final class RawHttpClient implements AutoCloseable {

    /** An answer: status and body. */
    record Answer(int status, String body) {
    }

    private final URI url;
    private final byte[] head;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttpClient(URI url, String bearerToken) {
        this(url, bearerToken, "application/json", 30_000);
    }

    /** @param timeoutMillis how long to wait for the server's next bytes before giving up (SocketTimeoutException) */
    RawHttpClient(URI url, String bearerToken, String accept, int timeoutMillis) {
        this.url = url;
        this.timeoutMillis = timeoutMillis;
        this.head = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\nAccept: " + accept + "\r\nAuthorization: Bearer " + bearerToken
                + "\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** One exchange, no retry: a fault-injection client must see every failure (it retries itself). */
    Answer postOnce(String json) throws IOException {
        try {
            return exchange(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    Answer post(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try {
            return exchange(body);
        } catch (IOException e) {
            // The server may close an idle keep-alive connection: one retry on a new connection.
            close();
            return exchange(body);
        }
    }

    private Answer exchange(byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream(head.length + body.length + 16);
        request.write(head);
        request.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.write(body);
        out.write(request.toByteArray());
        out.flush();

        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closeAfter = true;
            }
        }
        byte[] content;
        if (chunked) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                chunks.write(in.readNBytes(size));
                line();
            }
            line(); // the empty line after the last chunk (no trailers expected)
            content = chunks.toByteArray();
        } else if (length >= 0) {
            content = in.readNBytes(length);
        } else {
            content = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Answer(status, new String(content, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
