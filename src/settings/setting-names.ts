/**
 * Where a connection setting, as validation names it (`elasticsearch.ca_cert`, `secrets_key`), lives in
 * ConnectionSettings: its section and its property (`caCertPem`). Front ends whose configuration
 * follows ConnectionSettings (both Pulumi providers) name the setting from this, so a message says what
 * their user can change, and no front end keeps a second table of names.
 */
import { camelCase } from '../resources/attribute-names';

export interface SettingLocation {
  /** Undefined for the settings of the whole connection (`secretsKey`, `maxRetries`). */
  section?: 'elasticsearch' | 'cloud';
  property: string;
}

/** The TLS pair, whose properties say more than their setting names; every other property is the camelCase of its name. */
const propertyNames: Record<string, string> = { ca_cert: 'caCertPem', insecure: 'insecureSkipVerify' };

export function settingLocation(setting: string): SettingLocation {
  const [first, field] = setting.split('.');
  if (field === undefined) return { property: camelCase(first) };
  return { section: first === 'cloud' ? 'cloud' : 'elasticsearch', property: propertyNames[field] ?? camelCase(field) };
}
