package dev.graphupload.samples.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A service that receives files over HTTP and uploads them to Graph, resuming across retries. */
@SpringBootApplication
public class SpringServiceApplication {

  /**
   * Starts the service.
   *
   * @param args Spring Boot's arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(SpringServiceApplication.class, args);
  }
}
