package dev.kaka.ingress.webhook;

import dev.kaka.ingress.logging.ResumedWork;
import dev.kaka.ingress.trigger.TriggerPublisher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.handler.DefaultWebFilterChain;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Serves {@code POST /webhooks/github} in front of WebFlux's dispatching: GitHub sends every event
 * of every repository here, so this path skips the layers that cost more than the work itself and
 * do nothing for it. Spring Security (the signature is the delivery's credential; the path was open
 * to all), the per-request {@code http.server.requests} observation (the {@link WebhookFilter}s
 * count every answer in {@code kaka.webhooks.received} instead) and the dispatcher's handler
 * lookup. Every other request goes the usual way.
 */
@Component
class WebhookEndpoint implements HttpHandlerDecoratorFactory {

  static final String PATH = "/webhooks/github";

  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);

  private final WebhookHandler handler;
  private final ServerCodecConfigurer codecs;
  private final List<HttpMessageReader<?>> readers;
  private final ServerResponse.Context writers;
  private final WebFilterChain chain;
  private final Map<Executor, Scheduler> eventLoops = new ConcurrentHashMap<>();
  // a webhook has no session and no locale; the exchange only wants them at hand
  private final DefaultWebSessionManager sessions = new DefaultWebSessionManager();
  private final AcceptHeaderLocaleContextResolver locales = new AcceptHeaderLocaleContextResolver();

  WebhookEndpoint(
      WebhookHandler handler, ServerCodecConfigurer codecs, List<WebhookFilter> filters) {
    this.handler = handler;
    this.codecs = codecs;
    // the configurer builds new lists on every call
    this.readers = codecs.getReaders();
    List<HttpMessageWriter<?>> messageWriters = codecs.getWriters();
    this.writers =
        new ServerResponse.Context() {
          @Override
          public List<HttpMessageWriter<?>> messageWriters() {
            return messageWriters;
          }

          @Override
          public List<ViewResolver> viewResolvers() {
            return List.of();
          }
        };
    this.chain =
        new DefaultWebFilterChain(
            this::answer, filters.stream().<WebFilter>map(filter -> filter::filter).toList());
  }

  @Override
  public HttpHandler apply(HttpHandler application) {
    return (request, response) ->
        isWebhook(request) ? deliver(request, response) : application.handle(request, response);
  }

  private static boolean isWebhook(ServerHttpRequest request) {
    return request.getMethod() == HttpMethod.POST && PATH.equals(request.getPath().value());
  }

  private Mono<Void> deliver(ServerHttpRequest request, ServerHttpResponse response) {
    ServerWebExchange exchange =
        new DefaultServerWebExchange(
            new BodyInContext(request), response, sessions, codecs, locales);
    return Mono.defer(() -> chain.filter(exchange))
        .contextWrite(TriggerPublisher.continueOn(eventLoopOf(request)))
        .onErrorResume(
            failure -> {
              if (DisconnectedClientHelper.isClientDisconnectedException(failure)) {
                log.debug("A webhook sender went away before its answer: {}", failure.toString());
                return Mono.empty();
              }
              // the handler answers its own failures: this escaped it, so the answer says nothing
              log.error("A webhook delivery could not be answered", failure);
              response.setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
              return response.setComplete();
            });
  }

  /** The event loop of the request's connection, where its answer is written. */
  private Scheduler eventLoopOf(ServerHttpRequest request) {
    Object connection = ServerHttpRequestDecorator.getNativeRequest(request);
    return connection instanceof Connection netty
        ? eventLoops.computeIfAbsent(netty.channel().eventLoop(), Schedulers::fromExecutor)
        : Schedulers.parallel();
  }

  private Mono<Void> answer(ServerWebExchange exchange) {
    return handler
        .handle(ServerRequest.create(exchange, readers))
        .flatMap(answer -> answer.writeTo(exchange, writers));
  }

  /** The request, whose body arrives with the request's log context (see {@link ResumedWork}). */
  private static final class BodyInContext extends ServerHttpRequestDecorator {

    BodyInContext(ServerHttpRequest request) {
      super(request);
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return ResumedWork.endInContext(super.getBody());
    }
  }
}
