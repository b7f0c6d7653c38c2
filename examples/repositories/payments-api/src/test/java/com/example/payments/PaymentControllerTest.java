package com.example.payments;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.mock.mockito.MockBean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(PaymentController.class)
class PaymentControllerTest {
  @Autowired private MockMvc mvc;
  @MockBean private PaymentRepository payments;

  @Test
  void createsAPendingPayment() throws Exception {
    when(payments.save(any())).thenAnswer(call -> call.getArgument(0));
    mvc.perform(
            post("/payments")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"orderId\":\"o-1\",\"amountMinor\":1250,\"currency\":\"EUR\"}"))
        .andExpect(status().isCreated());
  }

  @Test
  void refusesANonPositiveAmount() throws Exception {
    mvc.perform(
            post("/payments")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"orderId\":\"o-1\",\"amountMinor\":0,\"currency\":\"EUR\"}"))
        .andExpect(status().isUnprocessableEntity());
  }
}
