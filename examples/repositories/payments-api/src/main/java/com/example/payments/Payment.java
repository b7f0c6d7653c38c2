package com.example.payments;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("payments")
public record Payment(
    @Id UUID id,
    String orderId,
    long amountMinor,
    String currency,
    String status,
    Instant createdAt,
    Instant capturedAt) {

  static Payment pending(UUID id, String orderId, long amountMinor, String currency) {
    return new Payment(id, orderId, amountMinor, currency, "PENDING", Instant.now(), null);
  }

  Payment captured() {
    return new Payment(
        id, orderId, amountMinor, currency, "CAPTURED", createdAt, Instant.now());
  }
}
