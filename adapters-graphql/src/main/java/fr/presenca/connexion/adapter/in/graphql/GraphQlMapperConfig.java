package fr.presenca.connexion.adapter.in.graphql;

import org.mapstruct.MapperConfig;
import org.mapstruct.ReportingPolicy;

/** A view field or a state component that no mapping covers fails the build instead of going missing. */
@MapperConfig(unmappedTargetPolicy = ReportingPolicy.ERROR, unmappedSourcePolicy = ReportingPolicy.IGNORE)
interface GraphQlMapperConfig {
}
