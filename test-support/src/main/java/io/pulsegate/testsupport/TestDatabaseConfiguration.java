package io.pulsegate.testsupport;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points a Spring Boot test's data source, and so its Flyway migrations, at a new schema
 * of the {@link TestDatabase}. Import it into a {@code @SpringBootTest}; the schema is
 * exposed as a bean for the test to inspect.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

	@Bean
	TestDatabase.Schema testDatabaseSchema() {
		return TestDatabase.newSchema("it");
	}

	@Bean
	JdbcConnectionDetails jdbcConnectionDetails(TestDatabase.Schema schema) {
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return schema.username();
			}

			@Override
			public String getPassword() {
				return schema.password();
			}

			@Override
			public String getJdbcUrl() {
				return schema.jdbcUrl();
			}

		};
	}

}
