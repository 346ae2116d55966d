package io.pulsegate.deployment.k8s;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/** The overlays under {@code k8s/overlays}, each what one environment applies. */
final class Overlay {

	static final List<String> names = List.of("local", "production");

	static final List<String> services = List.of("ingress", "consumer");

	private Overlay() {
	}

	static Manifests render(String overlay) {
		return Kustomize.render("k8s/overlays/" + overlay);
	}

	/** Every overlay and service, as arguments overlay, service. */
	static Stream<Arguments> overlaysAndServices() {
		return names.stream().flatMap((overlay) -> services.stream().map((service) -> Arguments.of(overlay, service)));
	}

}
