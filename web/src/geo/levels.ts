import type { AddressComponent } from '../api/geo';
import type { MessageKey } from '../i18n/zh';

export const LEVEL_LABEL: Record<AddressComponent['level'], MessageKey> = {
  district: 'geo.level.district',
  town: 'geo.level.town',
  village: 'geo.level.village',
  road: 'geo.level.road',
  doorplate: 'geo.level.doorplate',
  building: 'geo.level.building',
  unit: 'geo.level.unit',
  room: 'geo.level.room',
};

export const STATUS_LABEL: Record<AddressComponent['status'], MessageKey> = {
  matched: 'geo.status.matched',
  inferred: 'geo.status.inferred',
  conflict: 'geo.status.conflict',
  notFound: 'geo.status.notFound',
  absent: 'geo.status.absent',
};

export const STATUS_COLOR: Record<AddressComponent['status'], string> = {
  matched: 'green',
  inferred: 'blue',
  conflict: 'red',
  notFound: 'orange',
  absent: 'default',
};
