package io.pulsegate.service.pulsar;

import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.internal.PulsarAdminBuilderImpl;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.impl.ClientBuilderImpl;
import org.apache.pulsar.client.impl.conf.ClientConfigurationData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.pulsar.core.PulsarAdminBuilderCustomizer;
import org.springframework.pulsar.core.PulsarClientBuilderCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerTlsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BrokerTlsAutoConfiguration.class));

	@Test
	void bothClientsVerifyTheBrokersHostNameAndUseTheJvmsTrustStoreByDefault() {
		this.runner.run((context) -> {
			ClientConfigurationData client = client(context.getBean(PulsarClientBuilderCustomizer.class));
			ClientConfigurationData admin = admin(context.getBean(PulsarAdminBuilderCustomizer.class));

			assertThat(client.isTlsHostnameVerificationEnable()).isTrue();
			assertThat(admin.isTlsHostnameVerificationEnable()).isTrue();
			assertThat(client.getTlsTrustCertsFilePath()).isNullOrEmpty();
			assertThat(admin.getTlsTrustCertsFilePath()).isNullOrEmpty();
		});
	}

	@Test
	void bothClientsTrustTheConfiguredCertificates() {
		this.runner
			.withPropertyValues("pulsegate.pulsar.tls.trust-certificates=/etc/pulsar/ca.pem",
					"pulsegate.pulsar.tls.hostname-verification=false")
			.run((context) -> {
				ClientConfigurationData client = client(context.getBean(PulsarClientBuilderCustomizer.class));
				ClientConfigurationData admin = admin(context.getBean(PulsarAdminBuilderCustomizer.class));

				assertThat(client.getTlsTrustCertsFilePath()).isEqualTo("/etc/pulsar/ca.pem");
				assertThat(admin.getTlsTrustCertsFilePath()).isEqualTo("/etc/pulsar/ca.pem");
				assertThat(client.isTlsHostnameVerificationEnable()).isFalse();
				assertThat(admin.isTlsHostnameVerificationEnable()).isFalse();
			});
	}

	private static ClientConfigurationData client(PulsarClientBuilderCustomizer customizer) {
		ClientBuilderImpl builder = (ClientBuilderImpl) PulsarClient.builder();
		customizer.customize(builder);
		return builder.getClientConfigurationData();
	}

	private static ClientConfigurationData admin(PulsarAdminBuilderCustomizer customizer) {
		PulsarAdminBuilderImpl builder = (PulsarAdminBuilderImpl) PulsarAdmin.builder();
		customizer.customize(builder);
		return builder.getConf();
	}

}
