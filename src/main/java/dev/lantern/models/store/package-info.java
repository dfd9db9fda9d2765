/**
 * The model store: the directory (a shared volume when several replicas run) holding
 * version files, written atomically through a temporary file and a rename.
 */
package dev.lantern.models.store;
