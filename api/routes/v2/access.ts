/**
 * Who may call the `/v2` face. Machines (external job workers, systems that publish messages) sign in
 * with an `integration` account and reach only jobs and messages; case officers work their user
 * tasks; oversight roles read.
 */
import { ROLES, type Role } from '../../db/database.ts';

/** Everyone signed in, machine accounts included (the cluster topology a client checks first). */
export const ANY_ACCOUNT: readonly Role[] = ROLES;
/** Working jobs and publishing or correlating messages: machine accounts, and admins. */
export const WORKERS: readonly Role[] = ['admin', 'integration'];

/** Deploying BPMN and reading definitions as XML: the people who own the procedures. */
export const DEFINERS: readonly Role[] = ['admin', 'procedure_controller'];
/** Starting and cancelling instances, publishing messages, working jobs, setting variables, resolving incidents. */
export const OPERATORS: readonly Role[] = ['admin'];
/**
 * Case officers who claim and complete user tasks (a dossier's tasks through the task list's rules),
 * and engine operators, who work the tasks of the engine's own tenant (no dossier; scope.ts).
 */
export const OFFICERS: readonly Role[] = ['receptionist', 'specialist', 'leader', 'admin'];
/** Changing a user task's due date, candidates or priority (engine operators: their own tenant's tasks only). */
export const TASK_MANAGERS: readonly Role[] = ['leader', 'supervisor', 'admin'];
/** Reading instances, tasks, element instances and variables. */
export const READERS: readonly Role[] = ['admin', 'receptionist', 'specialist', 'leader', 'supervisor'];
/** Reading incidents. */
export const INCIDENT_READERS: readonly Role[] = ['admin', 'procedure_controller', 'supervisor'];
