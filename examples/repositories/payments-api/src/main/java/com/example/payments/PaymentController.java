package com.example.payments;

import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Creates payment intents and captures them once the order ships. */
@RestController
@RequestMapping("/payments")
public class PaymentController {
  private final PaymentRepository payments;

  public PaymentController(PaymentRepository payments) {
    this.payments = payments;
  }

  public record CreatePayment(String orderId, long amountMinor, String currency) {}

  @PostMapping
  public ResponseEntity<Payment> create(@RequestBody CreatePayment request) {
    if (request.amountMinor() <= 0) {
      return ResponseEntity.unprocessableEntity().build();
    }
    Payment created =
        payments.save(
            Payment.pending(
                UUID.randomUUID(), request.orderId(), request.amountMinor(), request.currency()));
    return ResponseEntity.created(URI.create("/payments/" + created.id())).body(created);
  }

  @PostMapping("/{id}/capture")
  public ResponseEntity<Payment> capture(@PathVariable UUID id) {
    return payments
        .findById(id)
        .map(payment -> ResponseEntity.ok(payments.save(payment.captured())))
        .orElse(ResponseEntity.notFound().build());
  }
}
