package dev.kaka.ingress.security;

import java.security.Principal;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: whom the credentials sent belong to; the dashboard's log-in check. */
@RestController
class WhoAmIController {

  @GetMapping("/api/me")
  Map<String, String> me(Principal principal) {
    return Map.of("name", principal.getName());
  }
}
