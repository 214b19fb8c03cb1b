package fr.presenca.connexion.bootstrap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The openai-connexion service: the only Spring Boot application of the build. */
@SpringBootApplication(scanBasePackages = "fr.presenca.connexion")
public class OpenAiConnexionApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpenAiConnexionApplication.class, args);
    }
}
