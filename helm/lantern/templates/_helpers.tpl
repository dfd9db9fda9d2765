{{/*
Expand the name of the chart.
*/}}
{{- define "lantern.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "lantern.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "lantern.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "lantern.labels" -}}
helm.sh/chart: {{ include "lantern.chart" . }}
{{ include "lantern.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "lantern.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lantern.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "lantern.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "lantern.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The container image: the CUDA image when gpu.enabled.
*/}}
{{- define "lantern.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion | toString -}}
{{- if .Values.gpu.enabled -}}
{{- $repository := .Values.gpu.image.repository | default .Values.image.repository -}}
{{- $cudaTag := .Values.gpu.image.tag | default (printf "%s%s" $tag .Values.gpu.image.tagSuffix) -}}
{{- printf "%s:%s" $repository $cudaTag -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end }}

{{/*
Whether an external PostgreSQL is configured (else the embedded H2 database is used).
*/}}
{{- define "lantern.externalDatabase" -}}
{{- if .Values.postgresql.external.host }}true{{ end -}}
{{- end }}

{{/*
The JDBC URL of the external PostgreSQL.
*/}}
{{- define "lantern.datasourceUrl" -}}
{{- with .Values.postgresql.external -}}
{{- printf "jdbc:postgresql://%s:%v/%s" .host (int .port) .database -}}
{{- if .parameters }}?{{ .parameters }}{{ end -}}
{{- end -}}
{{- end }}

{{/*
Whether API keys are given (else Lantern generates one and keeps it in <data dir>/api-key).
*/}}
{{- define "lantern.apiKeysConfigured" -}}
{{- if or .Values.security.existingSecret .Values.security.apiKeys }}true{{ end -}}
{{- end }}

{{/*
The Secret with the API keys.
*/}}
{{- define "lantern.apiKeysSecretName" -}}
{{- .Values.security.existingSecret | default (include "lantern.fullname" .) -}}
{{- end }}

{{/*
The Secret with the database password.
*/}}
{{- define "lantern.databaseSecretName" -}}
{{- .Values.postgresql.external.existingSecret | default (include "lantern.fullname" .) -}}
{{- end }}

{{/*
The name of the data volume's claim.
*/}}
{{- define "lantern.claimName" -}}
{{- .Values.persistence.existingClaim | default (printf "%s-data" (include "lantern.fullname" .)) -}}
{{- end }}

{{/*
Refuses values that cannot work. Every replica shares one database and one model store: with
more than one replica (or an autoscaler allowed to add some), the embedded H2 database (a file
on one volume, opened by one process) and a ReadWriteOnce volume cannot be shared.
*/}}
{{- define "lantern.validateValues" -}}
{{- $replicas := int .Values.replicaCount -}}
{{- if .Values.autoscaling.enabled -}}
{{- $replicas = max $replicas (int .Values.autoscaling.maxReplicas) | int -}}
{{- end -}}
{{- if gt $replicas 1 -}}
{{- if not .Values.postgresql.external.host -}}
{{- fail (printf "%d replicas (replicaCount or autoscaling.maxReplicas) need an external PostgreSQL: set postgresql.external.host. The embedded H2 database is a file that only one pod can open." $replicas) -}}
{{- end -}}
{{- if not .Values.persistence.enabled -}}
{{- fail "more than one replica needs a shared model store: set persistence.enabled=true with a ReadWriteMany volume" -}}
{{- end -}}
{{- if and (not .Values.persistence.existingClaim) (not (has "ReadWriteMany" .Values.persistence.accessModes)) -}}
{{- fail "more than one replica needs a shared model store: set persistence.accessModes to [ReadWriteMany] (or an existingClaim on such a volume)" -}}
{{- end -}}
{{- if not (include "lantern.apiKeysConfigured" .) -}}
{{- fail "more than one replica needs API keys shared by all: set security.apiKeys or security.existingSecret" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.postgresql.external.host (not .Values.postgresql.external.existingSecret) (not .Values.postgresql.external.password) -}}
{{- fail "postgresql.external.host is set: set postgresql.external.password or postgresql.external.existingSecret" -}}
{{- end -}}
{{- end }}

{{/*
The key of the API keys in their Secret.
*/}}
{{- define "lantern.apiKeysSecretKey" -}}
{{- if .Values.security.existingSecret -}}
{{- .Values.security.existingSecretKey -}}
{{- else -}}
api-keys
{{- end -}}
{{- end }}

{{/*
The key of the database password in its Secret.
*/}}
{{- define "lantern.databaseSecretKey" -}}
{{- if .Values.postgresql.external.existingSecret -}}
{{- .Values.postgresql.external.existingSecretPasswordKey -}}
{{- else -}}
database-password
{{- end -}}
{{- end }}

{{/*
Where the API keys file is mounted.
*/}}
{{- define "lantern.apiKeysDir" -}}
/etc/lantern/api-keys
{{- end }}
