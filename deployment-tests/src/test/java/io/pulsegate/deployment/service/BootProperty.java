package io.pulsegate.deployment.service;

/**
 * A Spring Boot property that a service reads although its {@code application.yml} does
 * not set it.
 *
 * @param name the property, such as {@code spring.security.user.password}
 * @param reason why the service needs it
 */
public record BootProperty(String name, String reason) {
}
