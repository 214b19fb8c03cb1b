package fr.presenca.connexion.application.caller;

/** The two Supabase roles a token may carry; each is also a PostgreSQL role of the same name. */
public enum CallerRole {
    AUTHENTICATED("authenticated"),
    SERVICE_ROLE("service_role");

    private final String databaseRole;

    CallerRole(String databaseRole) {
        this.databaseRole = databaseRole;
    }

    public String databaseRole() {
        return databaseRole;
    }

    public static java.util.Optional<CallerRole> fromClaim(String claim) {
        for (CallerRole role : values()) {
            if (role.databaseRole.equals(claim)) {
                return java.util.Optional.of(role);
            }
        }
        return java.util.Optional.empty();
    }
}
