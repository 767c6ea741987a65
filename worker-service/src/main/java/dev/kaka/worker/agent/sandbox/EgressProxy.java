package dev.kaka.worker.agent.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandboxed agent's only way out: an HTTP proxy on a Unix socket that the sandbox sees as
 * {@code 127.0.0.1}. {@code CONNECT} and plain-HTTP requests reach a host only if the allow-list
 * names it, and every refused host is remembered for the task's report; requests in origin form
 * ({@code POST /v1/messages}) go to the model API, with the worker's credential put in place of the
 * agent's placeholder. One proxy serves one run, so what it refused belongs to that run alone.
 *
 * <p>It relays bytes and reads nothing but each request's head: one request a connection, closed
 * when the remote side is done.
 */
final class EgressProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EgressProxy.class);

  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int BUFFER_BYTES = 16 * 1024;
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
  private static final List<String> HOP_BY_HOP =
      List.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authorization",
          "proxy-authenticate",
          "te",
          "trailer",
          "upgrade");

  private final ServerSocketChannel server;
  private final Path socket;
  private final HostAllowList allowed;
  private final ModelApi modelApi;
  private final ExecutorService threads;
  private final SortedSet<String> blocked = new ConcurrentSkipListSet<>();
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private EgressProxy(
      ServerSocketChannel server,
      Path socket,
      HostAllowList allowed,
      ModelApi modelApi,
      String name) {
    this.server = server;
    this.socket = socket;
    this.allowed = allowed;
    this.modelApi = modelApi;
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Listens on {@code socket} (a path that does not exist yet) until closed. */
  static EgressProxy start(Path socket, HostAllowList allowed, ModelApi modelApi, String name)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    EgressProxy proxy = new EgressProxy(server, socket, allowed, modelApi, name);
    proxy.threads.execute(proxy::acceptLoop);
    return proxy;
  }

  /** The hosts ({@code host:port}) the agent tried to reach and was refused, sorted. */
  List<String> blockedHosts() {
    return List.copyOf(blocked);
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    open.forEach(EgressProxy::closeQuietly);
    threads.shutdownNow();
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      log.debug("Could not delete the proxy socket {}: {}", socket, e.toString());
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel client = server.accept();
        open.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        if (!closed) {
          log.warn("The agent's proxy stopped accepting connections: {}", e.toString());
        }
        return;
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client) {
      RequestHead head = RequestHead.read(client, MAX_HEAD_BYTES);
      if (head == null) {
        return;
      }
      if ("CONNECT".equals(head.method())) {
        tunnel(client, head);
      } else if (head.target().startsWith("/")) {
        relayToModelApi(client, head);
      } else if (head.target().toLowerCase(Locale.ROOT).startsWith("http://")) {
        forward(client, head);
      } else {
        respond(client, 400, "Kaka's agent proxy understands CONNECT and http:// requests only.");
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        log.debug("An agent proxy connection ended: {}", e.toString());
      }
    } finally {
      open.remove(client);
    }
  }

  private void tunnel(SocketChannel client, RequestHead head) throws IOException {
    HostPort target = HostPort.parse(head.target(), 443);
    if (refused(client, target)) {
      return;
    }
    try (Socket upstream = connect(target.host(), target.port(), false)) {
      write(
          client,
          "HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      upstream.getOutputStream().write(head.rest());
      relay(client, upstream);
    }
  }

  private void forward(SocketChannel client, RequestHead head) throws IOException {
    URI uri = URI.create(head.target());
    HostPort target = new HostPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80);
    if (refused(client, target)) {
      return;
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    try (Socket upstream = connect(target.host(), target.port(), false)) {
      send(upstream, head.rewritten(path + query, List.of(), List.of()), head.rest());
      relay(client, upstream);
    }
  }

  private void relayToModelApi(SocketChannel client, RequestHead head) throws IOException {
    List<String> replaced = List.of("host", "x-api-key", "authorization");
    List<String> added =
        modelApi.credential().isEmpty()
            ? List.of("Host: " + modelApi.hostHeader())
            : List.of(
                "Host: " + modelApi.hostHeader(),
                modelApi.credentialHeader() + ": " + modelApi.credential());
    try (Socket upstream = connect(modelApi.host(), modelApi.port(), modelApi.secure())) {
      send(
          upstream,
          head.rewritten(modelApi.pathPrefix() + head.target(), replaced, added),
          head.rest());
      relay(client, upstream);
    }
  }

  private boolean refused(SocketChannel client, HostPort target) throws IOException {
    if (allowed.allows(target.host(), target.port())) {
      return false;
    }
    if (blocked.add(target.toString())) {
      log.info("The agent's sandbox refused a connection to {}", target);
    }
    respond(
        client,
        403,
        "Kaka's agent sandbox does not allow connections to "
            + target
            + ". An operator can allow the host with kaka.agent.network.allowed-hosts.");
    return true;
  }

  private Socket connect(String host, int port, boolean tls) throws IOException {
    Socket plain = new Socket();
    open.add(plain);
    plain.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
    if (!tls) {
      return plain;
    }
    SSLSocket secure =
        (SSLSocket)
            ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
    SSLParameters parameters = secure.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    secure.setSSLParameters(parameters);
    open.add(secure);
    return secure;
  }

  private static void send(Socket upstream, String head, byte[] rest) throws IOException {
    OutputStream out = upstream.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(rest);
    out.flush();
  }

  /** Copies both ways until the remote side is done, then ends the client's connection. */
  private void relay(SocketChannel client, Socket upstream) throws IOException {
    threads.execute(
        () -> {
          try {
            copyToUpstream(client, upstream.getOutputStream());
          } catch (IOException e) {
            // the other direction ends the exchange
          }
        });
    InputStream in = upstream.getInputStream();
    byte[] buffer = new byte[BUFFER_BYTES];
    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
      write(client, ByteBuffer.wrap(buffer, 0, read));
    }
  }

  private static void copyToUpstream(SocketChannel client, OutputStream out) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    while (client.read(buffer) >= 0) {
      out.write(buffer.array(), 0, buffer.position());
      out.flush();
      buffer.clear();
    }
  }

  private static void respond(SocketChannel client, int status, String message) throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    String reason = status == 403 ? "Forbidden" : "Bad Request";
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\nContent-Type: text/plain\r\n"
            + "Content-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    write(client, head.getBytes(StandardCharsets.US_ASCII));
    write(client, body);
  }

  private static void write(SocketChannel client, byte[] bytes) throws IOException {
    write(client, ByteBuffer.wrap(bytes));
  }

  private static void write(SocketChannel client, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      client.write(buffer);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing is all that is left to do
    }
  }

  /** A host and port as the agent named them. */
  record HostPort(String host, int port) {

    static HostPort parse(String authority, int defaultPort) {
      int colon = authority.lastIndexOf(':');
      if (colon > 0 && authority.indexOf(']') < colon) {
        return new HostPort(
            strip(authority.substring(0, colon)), Integer.parseInt(authority.substring(colon + 1)));
      }
      return new HostPort(strip(authority), defaultPort);
    }

    private static String strip(String host) {
      return host.startsWith("[") && host.endsWith("]")
          ? host.substring(1, host.length() - 1)
          : host;
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** A request's first line and header lines, and whatever of its body came in the same reads. */
  record RequestHead(
      String method, String target, String version, List<String> headers, byte[] rest) {

    /** The head, or null when the client closed before sending one. */
    static RequestHead read(SocketChannel client, int limit) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(limit);
      int end = -1;
      while (end < 0) {
        if (!buffer.hasRemaining()) {
          throw new IOException("request head over " + limit + " bytes");
        }
        if (client.read(buffer) < 0) {
          return null;
        }
        end = indexOf(buffer.array(), buffer.position(), END_OF_HEAD);
      }
      String text = new String(buffer.array(), 0, end, StandardCharsets.ISO_8859_1);
      byte[] rest =
          java.util.Arrays.copyOfRange(buffer.array(), end + END_OF_HEAD.length, buffer.position());
      List<String> lines = List.of(text.split("\r\n"));
      String[] request = lines.get(0).split(" ", 3);
      if (request.length != 3) {
        throw new IOException("not an HTTP request line");
      }
      return new RequestHead(
          request[0], request[1], request[2], lines.subList(1, lines.size()), rest);
    }

    /**
     * The head for the upstream server: {@code target} in origin form, hop-by-hop headers and
     * {@code replaced} ones dropped, {@code added} ones and {@code Connection: close} appended.
     */
    String rewritten(String newTarget, List<String> replaced, List<String> added) {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(newTarget).append(' ').append(version).append("\r\n");
      for (String header : headers) {
        String name =
            header.substring(0, Math.max(0, header.indexOf(':'))).strip().toLowerCase(Locale.ROOT);
        if (!HOP_BY_HOP.contains(name) && !replaced.contains(name)) {
          head.append(header).append("\r\n");
        }
      }
      added.forEach(header -> head.append(header).append("\r\n"));
      return head.append("Connection: close\r\n\r\n").toString();
    }

    private static int indexOf(byte[] bytes, int length, byte[] needle) {
      for (int i = 0; i + needle.length <= length; i++) {
        if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
          return i;
        }
      }
      return -1;
    }
  }
}
