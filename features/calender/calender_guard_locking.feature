Feature: Calender CAL1 guard locking (ISO 14119) and start permissive
  The rolls run down for seconds, far longer than a person needs to reach the nip, so the guard door
  GS-301 has a power-to-unlock lock GL-301. An access request stops the rolls (SS1) and opens the
  nip; the lock is released only after the rolls have been at safe standstill for 1 s with the nip
  open. A guard found open or unlocked while the lock was not released (forced door, lost lock
  monitoring) is a Cat 0 stop with the nip opened, latched until reset.

  Background: CAL1 runs in production at 60 m/min with the nip closed at 200 bar
    Given Calender.Sts.StartPermissive is on within 100 ms
    And Calender.Cmd.Start is pulsed for 100 ms
    And calender.roll_speed is 60 m/min ± 0.5 m/min within 5 s
    And calender.pressure_bar is 200 bar ± 2 bar within 1 s

  @requirement(CAL-S2)
  Scenario: The guard stays locked until the rolls have been at standstill for the confirmation time
    When calender.door_open_request is set to on
    And Calender.Cmd.GuardUnlockRequest is pressed
    # SS1: the drive ramps the rolls down, then torque off; the nip opens at once
    Then calender.pressure_bar is below 10 bar within 100 ms
    And Calender.GuardUnlock never becomes on while calender.roll_speed is above 0 m/min
    And calender.door_closed is on
    And Calender.GuardUnlock stays off for 900 ms
    And Calender.GuardUnlock is on within 200 ms
    And calender.door_closed is off within 20 ms
    # the door is open: no start, no alarm (access was granted)
    When Calender.Cmd.Start is pressed
    Then Calender.DriveEnable stays off for 1 s
    And Calender.Alarm.GuardOpen is off

  @requirement(CAL-S2)
  Scenario: The guard stays locked while the dump valve does not prove the nip open
    # XV-303 stuck closed: SV-301 still drains the cylinders, but ZSO-303 never confirms it
    When the dump_valve_stuck fault occurs in calender
    And Calender.Cmd.GuardUnlockRequest is pressed
    Then calender.pressure_bar is below 10 bar within 100 ms
    And Calender.Alarm.DumpValveFault is on within 250 ms
    And calender.standstill is on within 3 s
    And Calender.GuardUnlock stays off for 3 s

  @requirement(CAL-S2)
  Scenario: Pulling the locked guard door while the rolls turn does not open it
    When calender.door_open_request is set to on
    Then calender.door_closed stays on for 2 s
    And Calender.GuardUnlock is off
    And Calender.Sts.Running is on

  @requirement(CAL-S2)
  Scenario: After access the guard relocks when the door is shut and the calender needs a new start
    When Calender.Cmd.GuardUnlockRequest is pressed
    Then Calender.GuardUnlock is on within 4 s
    When calender.door_open_request is set to on
    Then calender.door_closed is off within 20 ms
    When calender.door_open_request is set to off
    And Calender.Cmd.GuardUnlockRequest is released
    Then Calender.GuardUnlock is off within 20 ms
    And calender.door_locked is on within 20 ms
    And Calender.Sts.StartPermissive is on within 20 ms
    And Calender.DriveEnable stays off for 1 s
    When Calender.Cmd.Start is pulsed for 100 ms
    Then calender.roll_speed is 60 m/min ± 0.5 m/min within 5 s

  @requirement(CAL-S3)
  Scenario: Lock monitoring lost while running stops the rolls and opens the nip within 50 ms
    When Calender.GuardLocked is forced to off
    Then Calender.DriveEnable is off within 50 ms
    And Calender.BrakeRelease is off
    And Calender.DumpValveClose is off
    And Calender.Alarm.GuardOpen is on
    And calender.pressure_bar is below 10 bar within 100 ms
    When Calender.Cmd.Reset is pressed
    Then Calender.Alarm.GuardOpen stays on for 1 s
    When Calender.Cmd.Reset is released
    And I wait 100 ms
    And the force on Calender.GuardLocked is removed
    And Calender.Cmd.Reset is pulsed for 200 ms
    Then Calender.Alarm.GuardOpen is off
    And Calender.DriveEnable stays off for 1 s

  @requirement(CAL-S3)
  Scenario: A guard door forced open while the rolls turn is a Cat 0 stop
    When the door_forced fault occurs in calender
    And calender.door_open_request is set to on
    Then Calender.GuardClosed is off within 20 ms
    And Calender.DriveEnable is off within 50 ms
    And Calender.BrakeRelease is off
    And Calender.DumpValveClose is off
    And calender.pressure_bar is below 10 bar within 100 ms
    And calender.standstill is on within 200 ms
    And Calender.Alarm.GuardOpen is on
    When calender.door_open_request is set to off
    And Calender.Cmd.Reset is pressed
    Then Calender.Alarm.GuardOpen stays on for 1 s
    When Calender.Cmd.Reset is released
    And I wait 100 ms
    And the fault on calender is cleared
    And Calender.Cmd.Reset is pulsed for 200 ms
    Then Calender.Alarm.GuardOpen is off
    And Calender.DriveEnable stays off for 1 s

  @requirement(CAL-S3)
  Scenario: A broken guard switch wire is a Cat 0 stop even with the lock bolt engaged
    When the calender.door_closed wire breaks
    Then Calender.DriveEnable is off within 50 ms
    And Calender.GuardLocked is on
    And Calender.DumpValveClose is off
    And Calender.Alarm.GuardOpen is on
    When Calender.Cmd.Reset is pressed
    Then Calender.Alarm.GuardOpen stays on for 1 s

  @requirement(CAL-S1) @requirement(CAL-S2)
  Scenario: The calender cannot be started with a trip latched or with an access request pending
    When Calender.Cmd.Stop is pulsed for 100 ms
    Then calender.standstill is on within 3 s
    When calender.trip_bar_pressed is pulsed for 100 ms
    Then Calender.Alarm.TripBar is on
    When Calender.Cmd.Start is pressed
    Then Calender.DriveEnable stays off for 1 s
    When Calender.Cmd.Start is released
    And I wait 100 ms
    And Calender.Cmd.Reset is pulsed for 200 ms
    And Calender.Cmd.GuardUnlockRequest is pressed
    And Calender.Cmd.Start is pressed
    Then Calender.DriveEnable stays off for 1 s
    And Calender.Sts.StartPermissive is off
