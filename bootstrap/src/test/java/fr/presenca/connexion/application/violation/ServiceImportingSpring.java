package fr.presenca.connexion.application.violation;

import org.springframework.context.ApplicationContext;

/** Breaks the application rule on purpose, so the architecture test can show that the rule bites. */
public class ServiceImportingSpring {

    ApplicationContext context;
}
