import { AddressRegistrationEntity } from './AddressRegistration';

export { AddressRegistrationEntity };
export const entities = [AddressRegistrationEntity];
