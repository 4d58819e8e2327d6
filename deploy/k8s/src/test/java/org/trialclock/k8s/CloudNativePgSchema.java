package org.trialclock.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CloudNativePG's and its Barman Cloud plugin's objects, held to the fields (and the values of the enumerated
 * ones) their v1 API reference documents, for the parts this project uses. No typed model or JSON schema of them
 * is published on Maven Central, so this stands in for one: a typo or a field at the wrong depth fails here
 * instead of being pruned by the API server and silently doing nothing (a backup that never runs).
 * A path not listed is free-form (labels, parameters, resources' quantities).
 */
final class CloudNativePgSchema {

    private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
            Map.entry("Cluster", Set.of("apiVersion", "kind", "metadata", "spec")),
            Map.entry("Cluster.spec", Set.of("instances", "inheritedMetadata", "primaryUpdateStrategy", "postgresql",
                    "bootstrap", "managed", "storage", "resources", "affinity", "plugins")),
            Map.entry("Cluster.spec.inheritedMetadata", Set.of("labels", "annotations")),
            Map.entry("Cluster.spec.postgresql", Set.of("parameters", "pg_hba")),
            Map.entry("Cluster.spec.bootstrap", Set.of("initdb", "recovery")),
            Map.entry("Cluster.spec.bootstrap.initdb", Set.of("database", "owner", "secret")),
            Map.entry("Cluster.spec.bootstrap.initdb.secret", Set.of("name")),
            Map.entry("Cluster.spec.managed", Set.of("roles")),
            Map.entry("Cluster.spec.managed.roles[]", Set.of("name", "ensure", "login", "passwordSecret")),
            Map.entry("Cluster.spec.managed.roles[].passwordSecret", Set.of("name")),
            Map.entry("Cluster.spec.storage", Set.of("size", "storageClass")),
            Map.entry("Cluster.spec.resources", Set.of("requests", "limits")),
            Map.entry("Cluster.spec.affinity", Set.of("enablePodAntiAffinity", "topologyKey", "podAntiAffinityType")),
            Map.entry("Cluster.spec.plugins[]", Set.of("name", "enabled", "isWALArchiver", "parameters")),
            Map.entry("Database", Set.of("apiVersion", "kind", "metadata", "spec")),
            Map.entry("Database.spec", Set.of("name", "owner", "cluster")),
            Map.entry("Database.spec.cluster", Set.of("name")),
            Map.entry("ScheduledBackup", Set.of("apiVersion", "kind", "metadata", "spec")),
            Map.entry("ScheduledBackup.spec", Set.of("schedule", "immediate", "suspend", "backupOwnerReference",
                    "cluster", "method", "pluginConfiguration", "target")),
            Map.entry("ScheduledBackup.spec.cluster", Set.of("name")),
            Map.entry("ScheduledBackup.spec.pluginConfiguration", Set.of("name", "parameters")),
            Map.entry("ObjectStore", Set.of("apiVersion", "kind", "metadata", "spec")),
            Map.entry("ObjectStore.spec", Set.of("retentionPolicy", "configuration", "instanceSidecarConfiguration")),
            Map.entry("ObjectStore.spec.configuration", Set.of("destinationPath", "endpointURL", "endpointCA",
                    "s3Credentials", "azureCredentials", "googleCredentials", "serverName", "wal", "data", "tags",
                    "historyTags")),
            Map.entry("ObjectStore.spec.configuration.s3Credentials", Set.of("accessKeyId", "secretAccessKey",
                    "region", "sessionToken", "inheritFromIAMRole")),
            Map.entry("ObjectStore.spec.configuration.s3Credentials.accessKeyId", Set.of("name", "key")),
            Map.entry("ObjectStore.spec.configuration.s3Credentials.secretAccessKey", Set.of("name", "key")),
            Map.entry("ObjectStore.spec.configuration.wal", Set.of("compression", "encryption", "maxParallel",
                    "archiveAdditionalCommandArgs", "restoreAdditionalCommandArgs")),
            Map.entry("ObjectStore.spec.configuration.data", Set.of("compression", "encryption", "jobs",
                    "immediateCheckpoint", "additionalCommandArgs")));

    private static final Set<String> COMPRESSION = Set.of("gzip", "bzip2", "snappy", "lz4", "xz", "zstd");
    private static final Map<String, Set<String>> ENUMS = Map.of(
            "Cluster.spec.primaryUpdateStrategy", Set.of("unsupervised", "supervised"),
            "Cluster.spec.affinity.podAntiAffinityType", Set.of("preferred", "required"),
            "Cluster.spec.managed.roles[].ensure", Set.of("present", "absent"),
            "ScheduledBackup.spec.method", Set.of("barmanObjectStore", "volumeSnapshot", "plugin"),
            "ScheduledBackup.spec.backupOwnerReference", Set.of("none", "self", "cluster"),
            "ObjectStore.spec.configuration.wal.compression", COMPRESSION,
            "ObjectStore.spec.configuration.data.compression", COMPRESSION,
            "ObjectStore.spec.configuration.wal.encryption", Set.of("AES256", "aws:kms"),
            "ObjectStore.spec.configuration.data.encryption", Set.of("AES256", "aws:kms"));
    private static final Map<String, Pattern> FORMATS = Map.of(
            // Six fields: CloudNativePG's cron has seconds first; a five-field schedule is refused.
            "ScheduledBackup.spec.schedule", Pattern.compile("\\S+( \\S+){5}"),
            "ObjectStore.spec.retentionPolicy", Pattern.compile("[1-9][0-9]*[dwm]"),
            "ObjectStore.spec.configuration.destinationPath", Pattern.compile("(s3|gs|https)://\\S+"));

    private CloudNativePgSchema() {}

    /** Every field of {@code object} not in the documented API, and every enumerated value out of range. */
    static List<String> problems(JsonNode object) {
        List<String> problems = new ArrayList<>();
        String kind = object.path("kind").asText();
        if (!FIELDS.containsKey(kind)) {
            problems.add(kind + ": no schema here for this kind");
            return problems;
        }
        walk(object, kind, kind + "/" + object.path("metadata").path("name").asText(), problems);
        return problems;
    }

    private static void walk(JsonNode node, String path, String where, List<String> problems) {
        if (ENUMS.containsKey(path) && !ENUMS.get(path).contains(node.asText())) {
            problems.add(where + " " + path + ": " + node.asText() + " is not one of " + ENUMS.get(path));
        }
        if (FORMATS.containsKey(path) && !FORMATS.get(path).matcher(node.asText()).matches()) {
            problems.add(where + " " + path + ": " + node.asText() + " does not match " + FORMATS.get(path));
        }
        if (node.isArray()) {
            node.forEach(item -> walk(item, path + "[]", where, problems));
            return;
        }
        Set<String> known = FIELDS.get(path);
        if (known == null || !node.isObject()) {
            return;
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problems.add(where + " " + path + ": unknown field " + field);
            } else {
                walk(node.get(field), path + "." + field, where, problems);
            }
        });
    }
}
