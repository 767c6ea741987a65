package dev.kaka.ingress.webhook;

import dev.kaka.ingress.webhook.HostileDeliveries.ByteMutation;
import dev.kaka.ingress.webhook.HostileDeliveries.JsonMutation;
import dev.kaka.ingress.webhook.HostileDeliveries.Sample;
import dev.kaka.ingress.webhook.HostileDeliveries.Signer;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** The {@link HostileDeliveries} as named providers, for the fuzz tests' {@code @ForAll("…")}. */
interface HostileDeliveryArbitraries {

  @Provide
  default Arbitrary<Sample> samples() {
    return HostileDeliveries.samples();
  }

  @Provide
  default Arbitrary<List<ByteMutation>> byteMutations() {
    return HostileDeliveries.byteMutations();
  }

  @Provide
  default Arbitrary<List<JsonMutation>> jsonMutations() {
    return HostileDeliveries.jsonMutations();
  }

  @Provide
  default Arbitrary<Signer> signers() {
    return HostileDeliveries.signers();
  }

  @Provide
  default Arbitrary<String> contentTypes() {
    return HostileDeliveries.contentTypes();
  }
}
