package fr.presenca.connexion.domain.violation;

import org.springframework.stereotype.Component;

/** Breaks the domain rule on purpose, so the architecture test can show that the rule bites. */
@Component
public class DomainClassImportingSpring {
}
