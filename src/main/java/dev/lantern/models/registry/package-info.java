/**
 * The model registry: model names, numbered versions, the default version, version
 * metadata in the database and files in the model store, archive export and import.
 */
package dev.lantern.models.registry;
