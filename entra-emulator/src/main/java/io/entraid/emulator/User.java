package io.entraid.emulator;

import java.util.List;

/** A user snapshot. */
public final class User extends DirectoryObject {
  User(Object[] values, long version) {
    super(values, version);
  }

  @Override
  public Schema schema() {
    return Schema.USER;
  }

  @Override
  User copy(Object[] newValues, long newVersion) {
    return new User(newValues, newVersion);
  }

  public String userPrincipalName() {
    return str("userPrincipalName");
  }

  public String displayName() {
    return str("displayName");
  }

  public String givenName() {
    return str("givenName");
  }

  public String surname() {
    return str("surname");
  }

  public String mail() {
    return str("mail");
  }

  public String mailNickname() {
    return str("mailNickname");
  }

  public String department() {
    return str("department");
  }

  public String jobTitle() {
    return str("jobTitle");
  }

  public String officeLocation() {
    return str("officeLocation");
  }

  public List<String> businessPhones() {
    return list("businessPhones");
  }

  public String mobilePhone() {
    return str("mobilePhone");
  }

  public String preferredLanguage() {
    return str("preferredLanguage");
  }

  public String employeeId() {
    return str("employeeId");
  }

  public boolean accountEnabled() {
    return bool("accountEnabled");
  }

  public String createdDateTime() {
    return str("createdDateTime");
  }
}
