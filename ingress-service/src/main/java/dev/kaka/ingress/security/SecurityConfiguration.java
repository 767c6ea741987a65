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

/**
 * Every request carries its own credentials (no session, no cookie, so no CSRF to defend against):
 * the dashboard's pages load without, and its script sends them with each API call.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  Credentials credentials(ApiAccessProperties access) {
    if (!access.anyCredential()) {
      log.warn("Neither kaka.api.token nor kaka.api.password is set: the dashboard and the task "
          + "commands refuse everyone");
    }
    return new Credentials(access);
  }

  @Bean
  SecurityWebFilterChain security(ServerHttpSecurity http, ApiAccessProperties access,
      Credentials credentials) {
    Unauthorized unauthorized = new Unauthorized();
    AuthenticationWebFilter authentication = new AuthenticationWebFilter(credentials);
    authentication.setServerAuthenticationConverter(new AuthorizationHeader());
    authentication.setAuthenticationFailureHandler(
        new ServerAuthenticationEntryPointFailureHandler(unauthorized));
    authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    return http
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.disable())
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized))
        .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(rules -> {
          // signed by GitHub instead; probes and scrapers carry no credentials
          rules.pathMatchers("/webhooks/**", "/actuator/**").permitAll();
          // the dashboard's files hold no data: it asks for credentials before it shows any
          rules.pathMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard/**", "/favicon.ico",
              "/swagger-ui.html", "/swagger-ui/**", "/webjars/**").permitAll();
          rules.pathMatchers("/api/me", "/api/settings", "/api/settings/**").authenticated();
          if (access.publicRead()) {
            rules.pathMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs/**").permitAll();
          }
          rules.anyExchange().authenticated();
        })
        .build();
  }
}
