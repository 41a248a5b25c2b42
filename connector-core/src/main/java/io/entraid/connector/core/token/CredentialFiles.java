package io.entraid.connector.core.token;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Reading credential files with a diagnosis, and noticing cheaply that one changed: its
 * modification time, size and identity (inode), which also changes when Kubernetes or Docker swap a
 * mounted secret's symbolic link.
 */
public final class CredentialFiles {
  private CredentialFiles() {}

  /** What identifies one version of a file without reading it. */
  public record Stamp(Object fileKey, FileTime modified, long size) {}

  /** The file's current stamp, or null when it cannot be read now. */
  public static Stamp stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.fileKey(), a.lastModifiedTime(), a.size());
    } catch (IOException e) {
      return null;
    }
  }

  /** The file's bytes; a missing, unreadable or empty file is reported with its fix. */
  public static byte[] read(Path file) throws CredentialFileException {
    if (Files.isDirectory(file)) {
      throw new CredentialFileException(
          file + " is a directory, not a file.", "give the path of the file itself.");
    }
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CredentialFileException(
          "The file " + file + " does not exist.",
          "check the path; a relative path is resolved against the working directory "
              + Path.of("").toAbsolutePath()
              + ".");
    } catch (AccessDeniedException e) {
      throw new CredentialFileException(
          "The file " + file + " is not readable by this process.",
          "give the user that runs the engine read access to it.");
    } catch (IOException e) {
      throw new CredentialFileException(
          "The file " + file + " could not be read (" + e.getClass().getSimpleName() + ").",
          "check that the file exists and is readable.");
    }
    if (content.length == 0) {
      throw new CredentialFileException(
          "The file " + file + " is empty.", "write the credential into it.");
    }
    return content;
  }

  /** A text credential (a secret's Value, a federated token): the file's content, trimmed. */
  public static String readText(Path file) throws CredentialFileException {
    String text = new String(read(file), java.nio.charset.StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new CredentialFileException(
          "The file " + file + " holds only whitespace.", "write the credential into it.");
    }
    return text;
  }
}
