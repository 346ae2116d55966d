package io.pulsegate.deployment.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every object that {@code kubectl apply -k} would send conforms to the Kubernetes API
 * schema, and the schema check does refuse what the API server would.
 */
class KubernetesSchemaTests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "k8s/base", "k8s/base/secrets", "k8s/overlays/local", "k8s/overlays/production" })
	void everyRenderedObjectConformsToTheApiSchema(String directory) {
		Manifests manifests = Kustomize.render(directory);

		assertThat(manifests.objects()).isNotEmpty();
		assertThat(KubernetesSchema.violations(manifests)).isEmpty();
	}

	@Test
	void theRenderedIngressDeploymentConformsAsItIs() {
		assertThat(KubernetesSchema.violation(ingressDeployment())).isNull();
	}

	@Test
	void aMisspelledFieldIsRefused() {
		ObjectNode deployment = ingressDeployment();
		ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
		container.set("readinessProb", container.remove("readinessProbe"));

		assertThat(KubernetesSchema.violation(deployment)).contains("readinessProb").contains("V1Container");
	}

	@Test
	void aMisspelledFieldDeepInTheObjectIsRefused() {
		ObjectNode deployment = ingressDeployment();
		ObjectNode port = (ObjectNode) deployment.at("/spec/template/spec/containers/0/ports/0");
		port.set("containerPrt", port.remove("containerPort"));

		assertThat(KubernetesSchema.violation(deployment)).contains("containerPrt").contains("V1ContainerPort");
	}

	@Test
	void aMissingRequiredFieldIsRefused() {
		ObjectNode deployment = ingressDeployment();
		((ObjectNode) deployment.at("/spec/template/spec/containers/0")).remove("name");

		assertThat(KubernetesSchema.violation(deployment)).contains("required field `name`");
	}

	@Test
	void aValueOfTheWrongTypeIsRefused() {
		ObjectNode deployment = ingressDeployment();
		((ObjectNode) deployment.at("/spec/template/spec")).put("terminationGracePeriodSeconds", "a minute");

		assertThat(KubernetesSchema.violation(deployment)).isNotNull();
	}

	@Test
	void aKustomizeDirectiveLeftInTheOutputIsRefused() {
		// kustomize v2 passes "$patch: delete" through instead of deleting the object.
		ObjectNode deployment = ingressDeployment();
		deployment.put("$patch", "delete");

		assertThat(KubernetesSchema.violation(deployment)).contains("$patch");
	}

	@Test
	void anApiVersionWithoutAModelIsRefused() {
		JsonNode autoscaler = Kustomize.render("k8s/overlays/production").get("HorizontalPodAutoscaler", "ingress");
		ObjectNode beta = autoscaler.deepCopy();
		beta.put("apiVersion", "autoscaling/v2beta1");

		assertThat(KubernetesSchema.violation(beta)).contains("no schema model for autoscaling/v2beta1");
	}

	private static ObjectNode ingressDeployment() {
		return Kustomize.render("k8s/overlays/production").get("Deployment", "ingress").deepCopy();
	}

}
