package fr.presenca.connexion.adapter.out.persistence;

import org.mapstruct.MapperConfig;
import org.mapstruct.ReportingPolicy;

/** A column or a state component that no mapping covers fails the build instead of being dropped silently. */
@MapperConfig(unmappedTargetPolicy = ReportingPolicy.ERROR)
interface PersistenceMapperConfig {
}
