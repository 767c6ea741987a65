package dev.kaka.ingress.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Every request carries its own credentials (no session): the dashboard's pages load without, and
 * its script sends them with each API call. A proxy in front may add them instead, from a cookie of
 * its own (the oauth2-proxy set-up in docs/operations.md does), and then a form on another site
 * could make the browser post to the task commands with them: browsers' writes must carry a CSRF
 * token, which the dashboard's script reads from the {@code XSRF-TOKEN} cookie and sends as {@code
 * X-XSRF-TOKEN}. Another site can neither read that cookie nor set that header.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  Credentials credentials(ApiAccessProperties access) {
    if (!access.anyCredential()) {
      log.warn(
          "Neither kaka.api.token nor kaka.api.password is set: the dashboard and the task "
              + "commands refuse everyone");
    }
    return new Credentials(access);
  }

  @Bean
  SecurityWebFilterChain security(
      ServerHttpSecurity http, ApiAccessProperties access, Credentials credentials) {
    Unauthorized unauthorized = new Unauthorized();
    AuthenticationWebFilter authentication = new AuthenticationWebFilter(credentials);
    authentication.setServerAuthenticationConverter(new AuthorizationHeader());
    authentication.setAuthenticationFailureHandler(
        new ServerAuthenticationEntryPointFailureHandler(unauthorized));
    authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    return http.csrf(
            csrf ->
                csrf.csrfTokenRepository(csrfCookie())
                    .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
                    .requireCsrfProtectionMatcher(new BrowserWrites())
                    .accessDeniedHandler(new CsrfRefused()))
        .addFilterAfter(issueCsrfCookie(), SecurityWebFiltersOrder.CSRF)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.disable())
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized))
        .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(
            rules -> {
              // signed by GitHub instead; probes and scrapers carry no credentials
              rules.pathMatchers("/webhooks/**", "/actuator/**").permitAll();
              // the dashboard's files hold no data: it asks for credentials before it shows any
              rules
                  .pathMatchers(
                      HttpMethod.GET,
                      "/",
                      "/index.html",
                      "/dashboard/**",
                      "/favicon.ico",
                      "/swagger-ui.html",
                      "/swagger-ui/**",
                      "/webjars/**")
                  .permitAll();
              rules.pathMatchers("/api/me", "/api/settings", "/api/settings/**").authenticated();
              // the agent's tool inputs and outputs, and the prompt: source code and issues of
              // private repositories
              rules.pathMatchers("/api/tasks/*/transcript", "/api/tasks/*/audit").authenticated();
              // what each organisation, repository and person spends: names of private ones
              rules.pathMatchers("/api/budgets").authenticated();
              if (access.publicRead()) {
                rules.pathMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs/**").permitAll();
              }
              rules.anyExchange().authenticated();
            })
        .build();
  }

  private static CookieServerCsrfTokenRepository csrfCookie() {
    // read by the dashboard's script, so not HttpOnly; it is worth nothing to another site
    CookieServerCsrfTokenRepository cookie = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
    cookie.setCookiePath("/");
    cookie.setCookieCustomizer(builder -> builder.sameSite("Strict"));
    return cookie;
  }

  /**
   * Sets the CSRF cookie when the dashboard loads or logs in; the token is made lazily, so without
   * this no cookie would ever be written. Other requests are left without one.
   */
  private static WebFilter issueCsrfCookie() {
    ServerWebExchangeMatcher dashboard =
        ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, "/", "/index.html", "/api/me");
    return (exchange, chain) ->
        dashboard
            .matches(exchange)
            .flatMap(
                match -> {
                  Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
                  return match.isMatch() && token != null
                      ? token.then(chain.filter(exchange))
                      : chain.filter(exchange);
                });
  }
}
